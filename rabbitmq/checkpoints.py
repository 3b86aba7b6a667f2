"""Where a log follower (the relay) has got to, in PostgreSQL."""

from __future__ import annotations

import asyncpg

from eventstore.postgres_schema import quoted_schema


class PostgresCheckpointStore:
    def __init__(self, pool: asyncpg.Pool, schema: str = "public") -> None:
        self._pool = pool
        table = f"{quoted_schema(schema)}.checkpoints"
        self._load = f"SELECT position FROM {table} WHERE name = $1"
        self._save = f"""
            INSERT INTO {table} (name, position, updated_at) VALUES ($1, $2, now())
            ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()"""

    async def load(self, name: str) -> int:
        position = await self._pool.fetchval(self._load, name)
        return int(position or 0)

    async def save(self, name: str, position: int) -> None:
        await self._pool.execute(self._save, name, position)
