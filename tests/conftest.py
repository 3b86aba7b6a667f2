"""Fixtures shared by every test that talks to the real local services."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from aio_pika.abc import AbstractChannel

from dinner.migrate import READ_SIDE, upgrade
from eventstore.postgres import PostgresEventStore, create_pool
from tests.support.broker import fresh_vhost, open_channel
from tests.support.services import PG_DSN, ensure_test_database, unique_name


@pytest.fixture(scope="session")
async def pg_pool() -> AsyncIterator[asyncpg.Pool]:
    await ensure_test_database()
    pool = await create_pool(PG_DSN, max_size=20)
    yield pool
    await pool.close()


@pytest.fixture
async def pg_schema(pg_pool: asyncpg.Pool) -> AsyncIterator[str]:
    """A fresh schema per test, dropped afterwards, so tests never see each other's rows."""
    schema = unique_name("t")
    await pg_pool.execute(f'CREATE SCHEMA "{schema}"')
    yield schema
    await pg_pool.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
async def pg_store(pg_pool: asyncpg.Pool, pg_schema: str) -> AsyncIterator[PostgresEventStore]:
    store = PostgresEventStore(pg_pool, schema=pg_schema)
    await store.create_schema()
    yield store
    await store.close()


@pytest.fixture
async def amqp_url() -> AsyncIterator[str]:
    """A vhost of this test's own; deleting it removes every queue the test made."""
    async with fresh_vhost() as url:
        yield url


@pytest.fixture
async def amqp_channel(amqp_url: str) -> AsyncIterator[AbstractChannel]:
    connection, channel = await open_channel(amqp_url)
    yield channel
    await connection.close()


@pytest.fixture
async def read_side(pg_pool: asyncpg.Pool, pg_store: PostgresEventStore, pg_schema: str) -> str:
    """The read-side tables (checkpoints, processed messages) in this test's schema."""
    await upgrade(READ_SIDE, PG_DSN, pg_schema)
    return pg_schema
