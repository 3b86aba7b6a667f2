"""Exactly-once effects in PostgreSQL: the processed-message record commits with the effect.

A redelivered message finds its record and changes nothing; a crash before the commit leaves
neither the effect nor the record, so the redelivery does the work once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import asyncpg

from dinner.faults import NO_FAULTS, FaultPoints
from eventstore.postgres_schema import quoted_schema

Effect = Callable[[asyncpg.Connection], Awaitable[None]]


class ProcessedMessages:
    def __init__(
        self,
        pool: asyncpg.Pool,
        consumer: str,
        *,
        schema: str = "public",
        faults: FaultPoints = NO_FAULTS,
    ) -> None:
        self._pool = pool
        self._consumer = consumer
        self._faults = faults
        self._claim = f"""
            INSERT INTO {quoted_schema(schema)}.processed_messages (consumer, event_id)
            VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true"""

    async def run_once(self, event_id: UUID, effect: Effect) -> bool:
        """Runs `effect` in one transaction with the record; False if it had already run."""
        async with self._pool.acquire() as connection, connection.transaction():
            if not await connection.fetchval(self._claim, self._consumer, event_id):
                return False
            await effect(connection)
            self._faults.hit("consumer.before_commit")
        return True
