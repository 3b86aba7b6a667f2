"""The Alembic migration builds the same event store the tests build directly."""

from __future__ import annotations

import asyncpg

from dinner.migrate import upgrade_all
from tests.support.services import PG_DSN

COLUMNS_SQL = """
    SELECT column_name, data_type, is_nullable FROM information_schema.columns
    WHERE table_schema = $1 AND table_name = 'events' ORDER BY column_name"""


async def test_migration_matches_the_direct_ddl_and_is_repeatable(
    pg_pool: asyncpg.Pool, pg_schema: str, pg_store: object
) -> None:
    migrated = pg_schema + "_m"
    try:
        await upgrade_all(PG_DSN, migrated)
        await upgrade_all(PG_DSN, migrated)  # a second run changes nothing
        direct = await pg_pool.fetch(COLUMNS_SQL, pg_schema)
        via_alembic = await pg_pool.fetch(COLUMNS_SQL, migrated)
        assert [tuple(r) for r in via_alembic] == [tuple(r) for r in direct]
        assert (
            await pg_pool.fetchval(
                f'SELECT version_num FROM "{migrated}".alembic_version_eventstore'
            )
            == "0001"
        )
    finally:
        await pg_pool.execute(f'DROP SCHEMA IF EXISTS "{migrated}" CASCADE')
