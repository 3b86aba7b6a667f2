"""A read model: the streams it follows, its tables, and how a batch of events changes them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, ClassVar

from sqlalchemy import Table, delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from projections.events import ProjectedEvent

Row = dict[str, Any]


class ReadModel(ABC):
    name: ClassVar[str]
    categories: ClassVar[frozenset[str]]
    tables: ClassVar[tuple[Table, ...]]
    streams: ClassVar[Table]

    @abstractmethod
    async def apply(self, connection: AsyncConnection, events: Sequence[ProjectedEvent]) -> None:
        """Applies events (each new to this model, in stream order) to the model's tables."""


class KeyedReadModel(ReadModel):
    """One row per aggregate: load the rows a batch touches, fold, write back in bulk."""

    table: ClassVar[Table]

    @abstractmethod
    def evolve_row(self, row: Row | None, event: ProjectedEvent) -> Row | None:
        """The row after `event` (None: the row goes away)."""

    def key_of(self, event: ProjectedEvent) -> Hashable:
        return event.aggregate_id

    async def apply(self, connection: AsyncConnection, events: Sequence[ProjectedEvent]) -> None:
        key_column = self.table.primary_key.columns.values()[0]
        keyed = [(self.key_of(e), e) for e in events]
        keys = {key for key, _ in keyed}
        loaded = await connection.execute(select(self.table).where(key_column.in_(keys)))
        rows: dict[Hashable, Row | None] = {r[key_column.name]: dict(r) for r in loaded.mappings()}
        for key, event in keyed:
            rows[key] = self.evolve_row(rows.get(key), event)
        await upsert(connection, self.table, [r for r in rows.values() if r is not None])
        gone = [key for key, row in rows.items() if row is None]
        if gone:
            await connection.execute(delete(self.table).where(key_column.in_(gone)))
        await self.after_apply(connection, events)

    async def after_apply(
        self, connection: AsyncConnection, events: Sequence[ProjectedEvent]
    ) -> None:
        """Writes beside the main table (e.g. a history), in the same transaction."""


async def upsert(connection: AsyncConnection, table: Table, rows: Iterable[Row]) -> None:
    batch = list(rows)
    if not batch:
        return
    statement = insert(table)
    keys = [c.name for c in table.primary_key.columns]
    updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    await connection.execute(
        statement.on_conflict_do_update(index_elements=keys, set_=updates), batch
    )
