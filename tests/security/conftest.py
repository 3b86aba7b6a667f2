"""Both APIs in-process on one schema with a projector, shared by a module's many cases.

Starting a deployment costs far more than one request, and the matrix and token tests ask
hundreds of questions of it; every case makes its own orders and subjects, so sharing the
deployment within a module shares no state a case depends on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from dinner.migrate import READ_SIDE, upgrade
from eventstore.postgres import PostgresEventStore
from tests.support.audited import Deployment, deployment
from tests.support.services import PG_DSN, unique_name


@pytest.fixture(scope="module")
async def deployed(
    pg_pool: asyncpg.Pool, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Deployment]:
    schema = unique_name("t")
    await pg_pool.execute(f'CREATE SCHEMA "{schema}"')
    store = PostgresEventStore(pg_pool, schema=schema)
    try:
        await store.create_schema()
        await upgrade(READ_SIDE, PG_DSN, schema)
        media = tmp_path_factory.mktemp("media")
        # As on a system that has generated a design: without the folder, the query API's
        # static mount answers every /media/cakes request with a 500 rather than a 404.
        (media / "cakes").mkdir()
        async with deployment(store, schema, media) as running:
            yield running
    finally:
        await store.close()
        await pg_pool.execute(f'DROP SCHEMA "{schema}" CASCADE')
