"""What every Alembic environment of this project does; each `env.py` names its version table."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def run_migrations(version_table: str) -> None:
    """Upgrade into `config.attributes["schema"]` at `config.attributes["url"]`."""
    config = context.config
    schema: str = config.attributes["schema"]

    def migrate(connection: Connection) -> None:
        context.configure(
            connection=connection, version_table=version_table, version_table_schema=schema
        )
        with context.begin_transaction():
            context.run_migrations(schema=schema)

    async def run() -> None:
        engine = create_async_engine(config.attributes["url"], poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            await connection.commit()
            await connection.run_sync(migrate)
        await engine.dispose()

    asyncio.run(run())
