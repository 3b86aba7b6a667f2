"""Never the last enabled admin, also when two admins demote each other at the same moment.

The rule itself is the user decider's; what it needs is a true count of the other enabled
admins at the moment of the append, and that count spans many streams. Two ways were weighed:

- a single `admins` stream that every admin-affecting change also appends to, at the revision
  it read: race-free through the store's optimistic concurrency, but each change would then be
  two appends to two streams with no transaction across them, and a crash between them leaves
  the two disagreeing for good, with events in the history that describe no business fact;
- a PostgreSQL advisory lock around count-and-append (chosen): every such change of one
  deployment (schema) runs one at a time, at most a few a day, while other commands never wait.

The count is taken from the users' own streams, never from a read model (which may lag): the
`admin_candidates` table names who may be an enabled admin, and each candidate's stream is
loaded under the lock. The table only has to be a superset, so it is written in the safe order
(added before an append that may make an admin, removed after one that unmade one), and a crash
between leaves an extra candidate that the next count loads and discards.

The lock is a session lock on a connection in autocommit mode: no transaction stays open
across the append, so the event store's read horizon is never held back.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eventstore.postgres_schema import quoted_schema


@dataclass(frozen=True)
class Candidates:
    """The candidates table, on the connection that holds the lock."""

    connection: AsyncConnection
    table: str

    async def all(self) -> list[uuid.UUID]:
        rows = await self.connection.scalars(text(f"SELECT user_id FROM {self.table}"))
        return [uuid.UUID(str(user_id)) for user_id in rows]

    async def add(self, user_id: uuid.UUID) -> None:
        await self.connection.execute(
            text(f"INSERT INTO {self.table} (user_id) VALUES (:u) ON CONFLICT DO NOTHING"),
            {"u": user_id},
        )

    async def remove(self, user_id: uuid.UUID) -> None:
        await self.connection.execute(
            text(f"DELETE FROM {self.table} WHERE user_id = :u"), {"u": user_id}
        )


class AdminRoster:
    def __init__(self, engine: AsyncEngine, schema: str) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._table = f"{quoted_schema(schema)}.admin_candidates"
        self._lock_name = f"admins:{schema}"

    @contextlib.asynccontextmanager
    async def changing(self) -> AsyncIterator[Candidates]:
        """Holds the deployment's admins lock for the block; released on any exit, and by
        PostgreSQL itself if the process dies holding it."""
        async with self._engine.connect() as connection:
            lock = {"name": self._lock_name}
            await connection.execute(
                text("SELECT pg_advisory_lock(hashtextextended(:name, 0))"), lock
            )
            try:
                yield Candidates(connection, self._table)
            finally:
                await _unlock(connection, lock)


async def _unlock(connection: AsyncConnection, lock: dict[str, str]) -> None:
    """A connection that could not say unlock must not go back to the pool still holding
    the lock: it is closed instead, which ends its session and so the lock."""
    try:
        await connection.execute(
            text("SELECT pg_advisory_unlock(hashtextextended(:name, 0))"), lock
        )
    except BaseException:
        await connection.invalidate()
        raise
