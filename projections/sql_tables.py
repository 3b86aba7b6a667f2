"""`Tables` through SQLAlchemy on the caller's connection: the live projector's writer."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence

from sqlalchemy import Table, delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from projections.model import Row, key_column


class SqlTables:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def load(self, table: Table, keys: Collection[Hashable]) -> dict[Hashable, Row]:
        key = key_column(table)
        loaded = await self._connection.execute(select(table).where(key.in_(keys)))
        return {row[key.name]: dict(row) for row in loaded.mappings()}

    async def store(self, table: Table, rows: Mapping[Hashable, Row | None]) -> None:
        await upsert(self._connection, table, [row for row in rows.values() if row is not None])
        gone = [key for key, row in rows.items() if row is None]
        if gone:
            await self._connection.execute(delete(table).where(key_column(table).in_(gone)))

    async def append(self, table: Table, rows: Sequence[Row]) -> None:
        if rows:
            await self._connection.execute(insert(table).on_conflict_do_nothing(), list(rows))

    async def add(self, table: Table, rows: Sequence[Row], sums: Sequence[str]) -> None:
        if not rows:
            return
        statement = insert(table)
        keys = [c.name for c in table.primary_key.columns]
        added = {c: table.c[c] + statement.excluded[c] for c in sums}
        await self._connection.execute(
            statement.on_conflict_do_update(index_elements=keys, set_=added), list(rows)
        )


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
