"""The whole history for auditors, in global position order, page by page.

Audit is the one part of the query side that reads the event store. On PostgreSQL the pages
come straight from the events table, with the filters in SQL; any other store is read through
its port (`read_all`), filtered here. Only committed events are seen; an event committed late
by a slow transaction can still appear below a position already read, so a page of the live
tail is a snapshot, not a subscription (the relay and the projector follow the log for that).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import asyncpg

from eventstore.port import EventStore, UnknownPosition
from eventstore.postgres import PostgresEventStore
from eventstore.postgres_schema import quoted_schema
from eventstore.postgres_sql import COLUMNS
from schemas.envelope import RecordedEvent

PAGE = 1000
Envelope = dict[str, Any]  # an envelope as JSON-ready values: what the export writes
ENVELOPE_REST = (
    "stream_id",
    "type",
    "schema_version",
    "revision",
    "position",
    "recorded_at",
    "data",
    "metadata",
)


@dataclass(frozen=True)
class HistoryFilter:
    types: frozenset[str] = frozenset()
    from_time: datetime | None = None  # inclusive
    to_time: datetime | None = None  # exclusive

    def admits(self, event: RecordedEvent) -> bool:
        return (
            (not self.types or event.type in self.types)
            and (self.from_time is None or event.recorded_at >= self.from_time)
            and (self.to_time is None or event.recorded_at < self.to_time)
        )


EVERYTHING = HistoryFilter()


class AuditLog(Protocol):
    async def page(
        self, from_position: int, limit: int, where: HistoryFilter = EVERYTHING
    ) -> list[RecordedEvent]:
        """Up to `limit` events at `from_position` or after, by position, that `where` admits."""
        ...

    async def envelopes(self, from_position: int, limit: int) -> list[Envelope]:
        """`page` without a filter, as plain envelopes: no model to build for each event."""
        ...


async def pages(
    log: AuditLog, from_position: int = 0, size: int = PAGE, where: HistoryFilter = EVERYTHING
) -> AsyncIterator[list[RecordedEvent]]:
    """Every admitted event from `from_position` on, one bounded page at a time."""
    while batch := await log.page(from_position, size, where):
        yield batch
        from_position = batch[-1].position + 1


async def envelope_pages(
    log: AuditLog, from_position: int = 0, size: int = PAGE
) -> AsyncIterator[list[Envelope]]:
    while batch := await log.envelopes(from_position, size):
        yield batch
        from_position = batch[-1]["position"] + 1


class PostgresAuditLog:
    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self._pool = pool
        self._sql = f"""
            SELECT {COLUMNS} FROM {quoted_schema(schema)}.events
            WHERE position >= $1
              AND (cardinality($3::text[]) = 0 OR type = ANY($3::text[]))
              AND ($4::timestamptz IS NULL OR recorded_at >= $4)
              AND ($5::timestamptz IS NULL OR recorded_at < $5)
            ORDER BY position LIMIT $2"""

    async def page(
        self, from_position: int, limit: int, where: HistoryFilter = EVERYTHING
    ) -> list[RecordedEvent]:
        records = await self._pool.fetch(
            self._sql, from_position, limit, sorted(where.types), where.from_time, where.to_time
        )
        return [RecordedEvent.model_validate(dict(record)) for record in records]

    async def envelopes(self, from_position: int, limit: int) -> list[Envelope]:
        records = await self._pool.fetch(self._sql, from_position, limit, [], None, None)
        return [
            {"event_id": str(r["event_id"])} | {name: r[name] for name in ENVELOPE_REST}
            for r in records
        ]


class PortAuditLog:
    """Any store through its port, whose log order is its position order (KurrentDB).

    A page starts right after the event at `from_position - 1` when there is one (as when
    paging on), else it reads from the start of the log and skips what lies before.
    """

    def __init__(self, store: EventStore) -> None:
        self._store = store

    async def page(
        self, from_position: int, limit: int, where: HistoryFilter = EVERYTHING
    ) -> list[RecordedEvent]:
        found: list[RecordedEvent] = []
        after = max(from_position - 1, 0)
        try:
            batch = await self._store.read_all(after_position=after)
        except UnknownPosition:
            batch = await self._store.read_all(after_position=0)
        while batch:
            found.extend(e for e in batch if e.position >= from_position and where.admits(e))
            if len(found) >= limit:
                break
            batch = await self._store.read_all(after_position=batch[-1].position)
        return found[:limit]

    async def envelopes(self, from_position: int, limit: int) -> list[Envelope]:
        return [e.model_dump(mode="json") for e in await self.page(from_position, limit)]


def audit_log(store: EventStore, schema: str) -> AuditLog:
    if isinstance(store, PostgresEventStore):
        return PostgresAuditLog(store.pool, schema)
    return PortAuditLog(store)
