"""A blind index of users' email addresses: who holds an address, without keeping the address.

Sign-in has to find a user by email, and sign-up has to refuse a taken address at once, both
before any read model could have caught up. The address itself is personal data, sealed in the
user's events, so this table keeps only HMAC-SHA256 of its normalised form under an index key,
and the primary key on that digest makes the database pick one winner when two sign-ups of
the same address arrive together. Forgetting the user deletes their rows: nothing is left that
names the address, and it can be registered again.

Why a table rather than a stream per address (`email-<uuid5(address)>`, appended at NO_STREAM):
that stream's id, derived from the address, would stay in the append-only log for good, so a
forget could not erase it; a row can be deleted. A reservation whose user was never registered
(a process killed between the two writes) is not lost either: the next sign-up of the address
finds the user's stream missing and competes for that same stream (`service_layer.accounts`).

The index key is random, made once, and kept wrapped by the privacy master key like the data
keys (`privacy.master`); each process re-wraps it under the current master key when it opens
the index, so rotating PRIVACY_MASTER_KEY never changes a digest.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import uuid
from typing import Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eventstore.postgres_schema import quoted_schema
from privacy.master import MasterKeys

# Taken while the tables are created or the index key is made, so processes starting together
# neither race on the DDL nor make two keys.
INDEX_LOCK: Final = 0x656D_6169  # "emai"
KEY_ID: Final = "email-index"
KEY_BYTES: Final = 32


def email_index_ddl(schema: str) -> list[str]:
    s = quoted_schema(schema)
    return [
        f"CREATE SCHEMA IF NOT EXISTS {s}",
        f"""
        CREATE TABLE IF NOT EXISTS {s}.user_emails (
            email_digest bytea PRIMARY KEY,
            user_id uuid NOT NULL,
            reserved_at timestamptz NOT NULL DEFAULT clock_timestamp()
        )
        """,
        f"CREATE INDEX IF NOT EXISTS user_emails_by_user ON {s}.user_emails (user_id)",
        f"""
        CREATE TABLE IF NOT EXISTS {s}.email_index_key (
            key_id text PRIMARY KEY,
            master_key_id text NOT NULL,
            wrapped_key bytea NOT NULL
        )
        """,
    ]


class EmailIndex:
    """`normal` is always the normalised address (`domain.user.normalised_email`)."""

    def __init__(self, engine: AsyncEngine, schema: str, index_key: bytes) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._table = f"{quoted_schema(schema)}.user_emails"
        self._key = index_key

    @classmethod
    async def open(cls, engine: AsyncEngine, schema: str, master: MasterKeys) -> EmailIndex:
        """Creates the tables when missing, and the index key on first use."""
        async with engine.begin() as connection:
            await connection.execute(text(f"SELECT pg_advisory_xact_lock({INDEX_LOCK})"))
            for statement in email_index_ddl(schema):
                await connection.execute(text(statement))
            key = await _index_key(connection, quoted_schema(schema), master)
        return cls(engine, schema, key)

    def digest(self, normal: str) -> bytes:
        return hmac.new(self._key, normal.encode(), hashlib.sha256).digest()

    async def holder(self, normal: str) -> uuid.UUID | None:
        async with self._engine.connect() as connection:
            return await self.holder_on(connection, self.digest(normal))

    async def reserve(self, normal: str, user_id: uuid.UUID) -> uuid.UUID:
        """Reserves the address for `user_id` unless it is held; returns who holds it now."""
        digest = self.digest(normal)
        insert = text(
            f"""INSERT INTO {self._table} (email_digest, user_id) VALUES (:d, :u)
                ON CONFLICT (email_digest) DO NOTHING RETURNING user_id"""
        )
        async with self._engine.connect() as connection:
            # A row that vanishes between the two statements was forgotten: try again.
            for _ in range(3):
                held = await connection.scalar(insert, {"d": digest, "u": user_id})
                held = held or await self.holder_on(connection, digest)
                if isinstance(held, uuid.UUID):
                    return held
        raise RuntimeError("an email reservation was neither made nor found")

    async def holder_on(self, connection: AsyncConnection, digest: bytes) -> uuid.UUID | None:
        found = await connection.scalar(
            text(f"SELECT user_id FROM {self._table} WHERE email_digest = :d"), {"d": digest}
        )
        return found if isinstance(found, uuid.UUID) else None


async def forget_user_emails(connection: AsyncConnection, schema: str, user_id: str) -> int:
    """Deletes every address the user holds; returns how many. A subject that is not a user id
    (a token subject of a service account) holds none."""
    try:
        user = uuid.UUID(user_id)
    except ValueError:
        return 0
    table = f"{quoted_schema(schema)}.user_emails"
    exists = await connection.scalar(text("SELECT to_regclass(:t)"), {"t": table})
    if exists is None:
        return 0
    result = await connection.execute(text(f"DELETE FROM {table} WHERE user_id = :u"), {"u": user})
    return int(result.rowcount or 0)


async def _index_key(connection: AsyncConnection, s: str, master: MasterKeys) -> bytes:
    row = (
        await connection.execute(
            text(f"SELECT master_key_id, wrapped_key FROM {s}.email_index_key WHERE key_id = :k"),
            {"k": KEY_ID},
        )
    ).first()
    if row is None:
        key = os.urandom(KEY_BYTES)
    else:
        key = master.unwrap(row.master_key_id, KEY_ID, KEY_ID, bytes(row.wrapped_key))
        if row.master_key_id == master.current_id:
            return key
    await connection.execute(
        text(
            f"""INSERT INTO {s}.email_index_key (key_id, master_key_id, wrapped_key)
                VALUES (:k, :m, :w) ON CONFLICT (key_id)
                DO UPDATE SET master_key_id = :m, wrapped_key = :w"""
        ),
        {"k": KEY_ID, "m": master.current_id, "w": master.wrap(KEY_ID, KEY_ID, key)},
    )
    return key
