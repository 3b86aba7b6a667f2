"""`Tables` on a raw asyncpg connection, writing with COPY: a rebuild's side tables.

Nothing but the rebuild writes those tables, so a batch's rows need no upsert each: the rows
the batch loaded are deleted and every row it stores is copied in again, in one round trip
per table. The caller owns the transaction; one instance serves one batch.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from operator import itemgetter
from typing import Any

import asyncpg
import orjson
from sqlalchemy import JSON, Table

from projections.model import Row, key_column


class CopyTables:
    def __init__(self, connection: asyncpg.Connection, schema: str) -> None:
        self._connection = connection
        self._schema = schema
        # Keys known to have a row in each table: only those may need deleting first.
        self._present: dict[str, set[Hashable]] = {}

    def _name(self, table: Table) -> str:
        return f'"{self._schema}"."{table.name}"'

    async def load(self, table: Table, keys: Collection[Hashable]) -> dict[Hashable, Row]:
        key = key_column(table).name
        records = await self._connection.fetch(
            f'SELECT * FROM {self._name(table)} WHERE "{key}" = ANY($1)', list(keys)
        )
        rows: dict[Hashable, Row] = {record[key]: dict(record) for record in records}
        self._present.setdefault(table.name, set()).update(rows)
        return rows

    async def store(self, table: Table, rows: Mapping[Hashable, Row | None]) -> None:
        present = self._present.setdefault(table.name, set())
        stale = [key for key in rows if key in present]
        if stale:
            key = key_column(table).name
            await self._connection.execute(
                f'DELETE FROM {self._name(table)} WHERE "{key}" = ANY($1)', stale
            )
        await self._copy(table, [row for row in rows.values() if row is not None])
        present.difference_update(stale)
        present.update(key for key, row in rows.items() if row is not None)

    async def append(self, table: Table, rows: Sequence[Row]) -> None:
        try:
            async with self._connection.transaction():  # a savepoint: the batch survives
                await self._copy(table, rows)
        except asyncpg.UniqueViolationError:
            columns = [c.name for c in table.columns]
            await self._connection.executemany(
                f"{_insert(self._name(table), columns)} ON CONFLICT DO NOTHING",
                _records(table, rows),
            )

    async def add(self, table: Table, rows: Sequence[Row], sums: Sequence[str]) -> None:
        if not rows:
            return
        columns = [c.name for c in table.columns]
        keys = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
        added = ", ".join(f'"{c}" = {self._name(table)}."{c}" + EXCLUDED."{c}"' for c in sums)
        await self._connection.executemany(
            f"{_insert(self._name(table), columns)} ON CONFLICT ({keys}) DO UPDATE SET {added}",
            _records(table, rows),
        )

    async def _copy(self, table: Table, rows: Sequence[Row]) -> None:
        if rows:
            await self._connection.copy_records_to_table(
                table.name,
                schema_name=self._schema,
                columns=[c.name for c in table.columns],
                records=_records(table, rows),
            )


def _insert(name: str, columns: list[str]) -> str:
    quoted = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(f"${n}" for n in range(1, len(columns) + 1))
    return f"INSERT INTO {name} ({quoted}) VALUES ({values})"


def _records(table: Table, rows: Sequence[Row]) -> list[tuple[Any, ...]]:
    """Rows as COPY tuples. JSON columns go as text, encoded as SQLAlchemy would: None is
    JSON null unless the column keeps SQL NULL, so both writers store the same value."""
    names = [c.name for c in table.columns]
    as_tuple = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    records: list[tuple[Any, ...]] = [as_tuple(row) for row in rows]
    json_columns = [
        (i, bool(c.type.none_as_null))
        for i, c in enumerate(table.columns)
        if isinstance(c.type, JSON)
    ]
    if not json_columns:
        return records

    def encoded(record: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(record)
        for i, none_as_null in json_columns:
            if values[i] is not None or not none_as_null:
                values[i] = orjson.dumps(values[i]).decode()
        return tuple(values)

    return [encoded(record) for record in records]
