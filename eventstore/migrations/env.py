"""Alembic environment for the event store schema (run through `dinner db migrate`)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

config = context.config
schema: str = config.attributes["schema"]


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        version_table="alembic_version_eventstore",
        version_table_schema=schema,
    )
    with context.begin_transaction():
        context.run_migrations(schema=schema)


async def run_async() -> None:
    engine = create_async_engine(config.attributes["url"], poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        await connection.commit()
        await connection.run_sync(run_migrations)
    await engine.dispose()


asyncio.run(run_async())
