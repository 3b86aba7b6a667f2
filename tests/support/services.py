"""Connection details of the real local services the tests run against."""

from __future__ import annotations

import os
import uuid

import asyncpg

TEST_DATABASE = os.environ.get("TEST_DATABASE_NAME", "dinner_test")
PG_SERVER = os.environ.get("TEST_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
PG_DSN = f"{PG_SERVER}/{TEST_DATABASE}"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
KURRENTDB_URL = os.environ.get("KURRENTDB_URL", "")


def unique_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


async def ensure_test_database() -> None:
    connection = await asyncpg.connect(f"{PG_SERVER}/postgres")
    try:
        exists = await connection.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", TEST_DATABASE
        )
        if not exists:
            await connection.execute(f'CREATE DATABASE "{TEST_DATABASE}"')
    finally:
        await connection.close()
