"""Applies the Alembic migrations of each database part, to a chosen schema."""

from __future__ import annotations

import asyncio
from importlib.resources import files

from alembic import command
from alembic.config import Config

EVENT_STORE = "eventstore.migrations"
READ_SIDE = "projections.migrations"


def sqlalchemy_url(dsn: str) -> str:
    """asyncpg DSNs (`postgresql://`) as SQLAlchemy wants them (`postgresql+asyncpg://`)."""
    for prefix in ("postgresql://", "postgres://"):
        if dsn.startswith(prefix):
            return "postgresql+asyncpg://" + dsn[len(prefix) :]
    return dsn


def alembic_config(package: str, dsn: str, schema: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files(package)))
    config.attributes["url"] = sqlalchemy_url(dsn)
    config.attributes["schema"] = schema
    return config


async def upgrade(package: str, dsn: str, schema: str, revision: str = "head") -> None:
    # Alembic's async env runs its own event loop, so it gets a thread of its own.
    await asyncio.to_thread(command.upgrade, alembic_config(package, dsn, schema), revision)


async def upgrade_all(dsn: str, schema: str) -> None:
    """Event store and read side in one database, as locally and in the tests."""
    await upgrade(EVENT_STORE, dsn, schema)
    await upgrade(READ_SIDE, dsn, schema)
