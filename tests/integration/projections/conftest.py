"""A read-side engine on this test's schema, with the default menu seeded in the store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from dinner.migrate import sqlalchemy_url
from eventstore.postgres import PostgresEventStore
from projections.projector import Projector
from service_layer import CommandService
from service_layer.seeding import seed_menu
from tests.support.services import PG_DSN


@pytest.fixture
async def engine(read_side: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(sqlalchemy_url(PG_DSN), pool_size=3)
    yield engine.execution_options(schema_translate_map={None: read_side})
    await engine.dispose()


@pytest.fixture
async def projector(engine: AsyncEngine, pg_store: PostgresEventStore, read_side: str) -> Projector:
    await seed_menu(CommandService(pg_store), datetime(2026, 11, 1, tzinfo=UTC))
    return Projector(engine, pg_store, schema=read_side)
