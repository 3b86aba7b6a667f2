"""Every event store backend runs the same contract suite.

PostgreSQL always runs; the KurrentDB leg joins when KURRENTDB_URL names a server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from eventstore.port import EventStore
from eventstore.postgres import PostgresEventStore
from tests.support.services import KURRENTDB_URL

BACKENDS = ["postgres"] + (["kurrentdb"] if KURRENTDB_URL else [])


@pytest.fixture(params=BACKENDS)
async def store(
    request: pytest.FixtureRequest, pg_pool: asyncpg.Pool, pg_schema: str
) -> AsyncIterator[EventStore]:
    if request.param == "postgres":
        postgres = PostgresEventStore(pg_pool, schema=pg_schema)
        await postgres.create_schema()
        yield postgres
        await postgres.close()
        return
    from eventstore.kurrentdb import KurrentDBEventStore

    kurrent = await KurrentDBEventStore.connect(KURRENTDB_URL)
    yield kurrent
    await kurrent.close()
