"""The accounts' own tables in the read side's database (PostgreSQL wherever the events are):
refresh-token families and the candidates for the admins' roster. They are the write side's,
not read models: nothing rebuilds them from events. Each process creates them when missing."""

from __future__ import annotations

from typing import Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eventstore.postgres_schema import quoted_schema

# Taken while the tables are created, so processes starting together do not race on the DDL.
SCHEMA_LOCK: Final = 0x7573_6572  # "user"


def accounts_ddl(schema: str) -> list[str]:
    s = quoted_schema(schema)
    return [
        f"CREATE SCHEMA IF NOT EXISTS {s}",
        f"""
        CREATE TABLE IF NOT EXISTS {s}.refresh_tokens (
            token_digest bytea PRIMARY KEY,
            family_id uuid NOT NULL,
            user_id uuid NOT NULL,
            issued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            expires_at timestamptz NOT NULL,
            used_at timestamptz,
            revoked_at timestamptz
        )
        """,
        f"""CREATE INDEX IF NOT EXISTS refresh_tokens_by_family
            ON {s}.refresh_tokens (family_id)""",
        f"""CREATE INDEX IF NOT EXISTS refresh_tokens_by_user
            ON {s}.refresh_tokens (user_id, expires_at)""",
        # A superset of the enabled admins: verified against their streams under the lock.
        f"CREATE TABLE IF NOT EXISTS {s}.admin_candidates (user_id uuid PRIMARY KEY)",
    ]


async def create_account_tables(engine: AsyncEngine, schema: str) -> None:
    async with engine.begin() as connection:
        await connection.execute(text(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})"))
        for statement in accounts_ddl(schema):
            await connection.execute(text(statement))
