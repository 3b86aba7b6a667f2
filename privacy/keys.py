"""Per-customer data keys in PostgreSQL, wrapped by the master key; destroying one shreds data.

One table in the read side's database (DATABASE_URL, which is PostgreSQL even when the events
live in KurrentDB). A customer's newest live key seals new events; older keys stay until the
customer is forgotten. A destroyed key keeps its row (without key material) as the record
that it was destroyed, and when.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

import asyncpg

from dinner.settings import Settings
from eventstore.postgres_schema import quoted_schema
from privacy.cipher import new_data_key
from privacy.master import MasterKeys

# Taken while the table is created, so processes starting together do not race on the DDL.
SCHEMA_LOCK = 0x6B65_7973  # "keys"


def key_table_ddl(schema: str) -> list[str]:
    s = quoted_schema(schema)
    return [
        f"CREATE SCHEMA IF NOT EXISTS {s}",
        f"""
        CREATE TABLE IF NOT EXISTS {s}.customer_keys (
            key_id text PRIMARY KEY,
            customer_id text NOT NULL,
            master_key_id text,
            wrapped_key bytea,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            destroyed_at timestamptz,
            CONSTRAINT customer_keys_destroyed
                CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
        )
        """,
        f"""CREATE INDEX IF NOT EXISTS customer_keys_by_customer
            ON {s}.customer_keys (customer_id, created_at DESC)""",
    ]


@dataclass(frozen=True)
class DataKey:
    key_id: str
    key: bytes


class KeyStore(Protocol):
    async def active_key(self, customer_id: str) -> DataKey:
        """The customer's newest live key, created on first use."""
        ...

    async def live_keys(self, key_ids: Collection[str]) -> dict[str, bytes]:
        """The keys among `key_ids` that still exist; destroyed or unknown ones are absent."""
        ...

    async def destroy(self, customer_id: str) -> int:
        """Destroys every key of the customer; returns how many were live."""
        ...


class PostgresKeyStore:
    def __init__(
        self, pool: asyncpg.Pool, master: MasterKeys, *, schema: str, owns_pool: bool = False
    ) -> None:
        self._pool = pool
        self._master = master
        self._table = f"{quoted_schema(schema)}.customer_keys"
        self._schema = schema
        self._owns_pool = owns_pool

    @classmethod
    async def connect(cls, dsn: str, master: MasterKeys, *, schema: str) -> PostgresKeyStore:
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=4)
        store = cls(pool, master, schema=schema, owns_pool=True)
        await store.create_schema()
        return store

    async def create_schema(self) -> None:
        async with self._pool.acquire() as connection, connection.transaction():
            await connection.execute(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
            for statement in key_table_ddl(self._schema):
                await connection.execute(statement)

    async def active_key(self, customer_id: str) -> DataKey:
        found = await self._newest(self._pool, customer_id)
        if found is not None:
            return found
        async with self._pool.acquire() as connection, connection.transaction():
            # One key per customer even when their first two orders arrive together.
            await connection.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", f"key:{customer_id}"
            )
            found = await self._newest(connection, customer_id)
            return found or await self._create(connection, customer_id)

    async def rotate(self, customer_id: str) -> DataKey:
        """A new key for the customer's new events; the old ones still open older events."""
        async with self._pool.acquire() as connection:
            return await self._create(connection, customer_id)

    async def live_keys(self, key_ids: Collection[str]) -> dict[str, bytes]:
        if not key_ids:
            return {}
        rows = await self._pool.fetch(
            f"""SELECT key_id, customer_id, master_key_id, wrapped_key FROM {self._table}
                WHERE key_id = ANY($1::text[]) AND wrapped_key IS NOT NULL""",
            list(key_ids),
        )
        return {row["key_id"]: self._unwrap(row) for row in rows}

    async def destroy(self, customer_id: str) -> int:
        result: str = await self._pool.execute(
            f"""UPDATE {self._table}
                SET wrapped_key = NULL, master_key_id = NULL, destroyed_at = now()
                WHERE customer_id = $1 AND wrapped_key IS NOT NULL""",
            customer_id,
        )
        return int(result.split()[-1])

    async def rewrap(self) -> int:
        """Re-wraps every live key under the current master key; returns how many moved."""
        rows = await self._pool.fetch(
            f"""SELECT key_id, customer_id, master_key_id, wrapped_key FROM {self._table}
                WHERE wrapped_key IS NOT NULL AND master_key_id <> $1""",
            self._master.current_id,
        )
        moved = 0
        for row in rows:
            wrapped = self._master.wrap(row["key_id"], row["customer_id"], self._unwrap(row))
            status: str = await self._pool.execute(
                f"""UPDATE {self._table} SET master_key_id = $3, wrapped_key = $4
                    WHERE key_id = $1 AND master_key_id = $2""",
                row["key_id"],
                row["master_key_id"],
                self._master.current_id,
                wrapped,
            )
            moved += int(status.split()[-1])
        return moved

    async def close(self) -> None:
        if self._owns_pool:
            await self._pool.close()

    async def _newest(
        self, connection: asyncpg.Pool | asyncpg.Connection, customer_id: str
    ) -> DataKey | None:
        row = await connection.fetchrow(
            f"""SELECT key_id, customer_id, master_key_id, wrapped_key FROM {self._table}
                WHERE customer_id = $1 AND wrapped_key IS NOT NULL
                ORDER BY created_at DESC LIMIT 1""",
            customer_id,
        )
        return None if row is None else DataKey(row["key_id"], self._unwrap(row))

    async def _create(self, connection: asyncpg.Connection, customer_id: str) -> DataKey:
        key = DataKey(uuid.uuid4().hex, new_data_key())
        await connection.execute(
            f"""INSERT INTO {self._table} (key_id, customer_id, master_key_id, wrapped_key)
                VALUES ($1, $2, $3, $4)""",
            key.key_id,
            customer_id,
            self._master.current_id,
            self._master.wrap(key.key_id, customer_id, key.key),
        )
        return key

    def _unwrap(self, row: asyncpg.Record) -> bytes:
        return self._master.unwrap(
            row["master_key_id"], row["key_id"], row["customer_id"], row["wrapped_key"]
        )


async def open_key_store(settings: Settings) -> PostgresKeyStore:
    settings.refuse_local_master_key_in_production()
    current, previous = settings.master_keys()
    return await PostgresKeyStore.connect(
        settings.database_url, MasterKeys(current, previous), schema=settings.database_schema
    )
