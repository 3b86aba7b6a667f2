"""The global log as a rebuild reads it: in large chunks, the cheapest way the store offers.

A store that can hand out plain rows (PostgreSQL) skips the envelope model and the metadata,
which a replay of millions of events would otherwise validate one by one; any other store
is read through the ordinary `read_all`. Both give the same upcast `ProjectedEvent`s.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from eventstore.port import EventStore
from eventstore.postgres import LogRow
from projections.events import ProjectedEvent, from_log_row, projected


@runtime_checkable
class RowLog(Protocol):
    async def read_log_rows(self, *, after_position: int = 0, limit: int = 500) -> list[LogRow]: ...


async def read_chunk(store: EventStore, *, after: int, limit: int) -> list[ProjectedEvent]:
    if isinstance(store, RowLog):
        rows = await store.read_log_rows(after_position=after, limit=limit)
        return [from_log_row(row) for row in rows]
    return [projected(event) for event in await store.read_all(after_position=after, limit=limit)]
