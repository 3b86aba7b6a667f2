"""A read model: the streams it follows, its tables, and how a batch of events changes them.

Models fold in memory and reach their tables only through `Tables` (load the rows a batch
touches, store them back, append, add to counters), so the live projector and a rebuild run
the very same fold over different writers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import Any, ClassVar, Protocol

from sqlalchemy import Column, Table

from projections.events import ProjectedEvent

Row = dict[str, Any]


class Tables(Protocol):
    async def load(self, table: Table, keys: Collection[Hashable]) -> dict[Hashable, Row]:
        """The rows of `table` (keyed by its one-column primary key) with these keys."""
        ...

    async def store(self, table: Table, rows: Mapping[Hashable, Row | None]) -> None:
        """Makes each key hold its row (None: no row); only keys `load` was asked about."""
        ...

    async def append(self, table: Table, rows: Sequence[Row]) -> None:
        """Inserts rows; one whose key is already there is left as it is."""
        ...

    async def add(self, table: Table, rows: Sequence[Row], sums: Sequence[str]) -> None:
        """Adds the `sums` columns of each row to the stored row with its key (or inserts it)."""
        ...


def key_column(table: Table) -> Column[Any]:
    return table.primary_key.columns.values()[0]


class ReadModel(ABC):
    name: ClassVar[str]
    categories: ClassVar[frozenset[str]]
    tables: ClassVar[tuple[Table, ...]]
    streams: ClassVar[Table]

    @abstractmethod
    async def apply(self, tables: Tables, events: Sequence[ProjectedEvent]) -> None:
        """Applies events (each new to this model, in stream order) to the model's tables."""


class KeyedReadModel(ReadModel):
    """One row per aggregate: load the rows a batch touches, fold, write back in bulk."""

    table: ClassVar[Table]

    @abstractmethod
    def evolve_row(self, row: Row | None, event: ProjectedEvent) -> Row | None:
        """The row after `event` (None: the row goes away)."""

    def key_of(self, event: ProjectedEvent) -> Hashable:
        return event.aggregate_id

    def appended(self, events: Sequence[ProjectedEvent]) -> list[tuple[Table, list[Row]]]:
        """Rows written beside the main table (e.g. a history), in the same transaction."""
        return []

    async def apply(self, tables: Tables, events: Sequence[ProjectedEvent]) -> None:
        keyed = [(self.key_of(e), e) for e in events]
        rows: dict[Hashable, Row | None] = dict(
            await tables.load(self.table, {key for key, _ in keyed})
        )
        for key, event in keyed:
            rows[key] = self.evolve_row(rows.get(key), event)
        await tables.store(self.table, rows)
        for table, extra in self.appended(events):
            if extra:
                await tables.append(table, extra)
