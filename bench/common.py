"""Set-up shared by the benchmarks: a database and a broker vhost of their own."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator

import asyncpg

from rabbitmq.management import Management

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
DSN = f"{PG_SERVER}/dinner_bench"
AMQP_SERVER = os.environ.get("BENCH_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")


async def ensure_database() -> None:
    connection = await asyncpg.connect(f"{PG_SERVER}/postgres")
    try:
        if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname='dinner_bench'"):
            await connection.execute("CREATE DATABASE dinner_bench")
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def bench_schema(pool: asyncpg.Pool) -> AsyncIterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        yield schema
    finally:
        await pool.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@contextlib.asynccontextmanager
async def bench_vhost() -> AsyncIterator[str]:
    url = AMQP_SERVER.rstrip("/") + f"/bench_{uuid.uuid4().hex[:8]}"
    async with Management(url) as management:
        await management.create_vhost()
        try:
            yield url
        finally:
            await management.delete_vhost()
