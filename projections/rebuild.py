"""Rebuilds read models from the event store (never from the broker) beside the live ones.

The models' tables are built afresh in a side schema `<schema>_rebuild` while queries keep
reading the live tables. The log is read in large chunks as plain rows where the store allows
(`replay`), each chunk folded in memory by the same models as the live projector and written
with COPY (`CopyTables`). Progress is committed with each chunk, so a crashed rebuild resumes
where it stopped. Once caught up, the swap takes the projector's lock exclusively (live
batches wait a moment), applies the last few events, and moves the tables between schemas
in one transaction: a reader sees either the old complete tables or the new complete ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, MetaData, Table, Text, text
from sqlalchemy.ext.asyncio import AsyncEngine

from eventstore.port import EventStore
from privacy.personal_data import NO_PERSONAL_DATA, PersonalData
from projections.copy_tables import CopyTables
from projections.events import ProjectedEvent
from projections.model import ReadModel
from projections.projector import SWAP_LOCK, Projector
from projections.replay import read_chunk

REBUILD_LOCK = 0x7265_6275  # "rebu"
progress_metadata = MetaData()
rebuild_progress = Table(
    "rebuild_progress",
    progress_metadata,
    Column("name", Text, primary_key=True),
    Column("position", BigInteger, nullable=False),
)

Progress = Callable[[int, int], None]  # (events applied in this run, current position)


@dataclass(frozen=True)
class RebuildResult:
    events: int
    position: int
    tables: tuple[str, ...]


@contextlib.contextmanager
def fewer_collections(young: int = 20_000) -> Iterator[None]:
    """A replay allocates millions of short-lived rows: at the default threshold (700) the
    collector runs every few events, over chunks that are all still alive, and takes about
    a third of the CPU. Collecting less often is safe here and undone afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(max(young, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def side_schema(schema: str) -> str:
    return f"{schema}_rebuild"


class Rebuild:
    def __init__(
        self,
        engine: AsyncEngine,
        store: EventStore,
        *,
        schema: str,
        models: Sequence[ReadModel],
        chunk: int = 10_000,
        personal: PersonalData = NO_PERSONAL_DATA,
    ) -> None:
        self._engine = engine
        self._store = store
        self._live = schema
        self._side = side_schema(schema)
        self._models = models
        self._chunk = chunk
        self._name = "+".join(sorted(m.name for m in models))
        self._projector = Projector(
            engine, store, schema=self._side, models=models, name=None, personal=personal
        )

    @property
    def tables(self) -> list[Table]:
        return [table for model in self._models for table in model.tables]

    async def run(self, progress: Progress = lambda applied, position: None) -> RebuildResult:
        async with self._engine.connect() as guard:
            locked = await guard.scalar(text(f"SELECT pg_try_advisory_lock({REBUILD_LOCK})"))
            if not locked:
                raise RuntimeError("another rebuild is running")
            try:
                position = await self._prepare()
                with fewer_collections():
                    applied, position = await self._catch_up(position, progress)
                applied += await self._swap(position)
                return RebuildResult(applied, position, tuple(t.name for t in self.tables))
            finally:
                await guard.execute(text(f"SELECT pg_advisory_unlock({REBUILD_LOCK})"))

    async def _prepare(self) -> int:
        """Creates the side tables, or finds where an interrupted rebuild stopped."""
        side = self._engine.execution_options(schema_translate_map={None: self._side})
        async with side.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self._side}"'))
            await connection.run_sync(progress_metadata.create_all)
            for table in self.tables:
                await connection.run_sync(table.create, checkfirst=True)
            found = await connection.scalar(
                rebuild_progress.select()
                .with_only_columns(rebuild_progress.c.position)
                .where(rebuild_progress.c.name == self._name)
            )
        return int(found or 0)

    async def _catch_up(self, position: int, progress: Progress) -> tuple[int, int]:
        applied = 0
        # The next chunk is read while this one is applied: reading and writing overlap.
        reading = asyncio.ensure_future(self._read(position))
        try:
            async with self._engine.connect() as connection:
                # Only this rebuild writes the side tables: COPY on the bare driver connection.
                raw = (await connection.get_raw_connection()).driver_connection
                if raw is None:
                    raise RuntimeError("the read-side engine has no driver connection")
                while batch := await reading:
                    position = batch[-1].position
                    reading = asyncio.ensure_future(self._read(position))
                    async with raw.transaction():
                        await self._projector.apply_with(CopyTables(raw, self._side), batch)
                        await raw.execute(self._save_sql, self._name, position)
                    applied += len(batch)
                    progress(applied, position)
        finally:
            reading.cancel()
        return applied, position

    async def _read(self, position: int) -> list[ProjectedEvent]:
        return await read_chunk(self._store, after=position, limit=self._chunk)

    @property
    def _save_sql(self) -> str:
        return (
            f'INSERT INTO "{self._side}".{rebuild_progress.name} (name, position) '
            "VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position"
        )

    async def _swap(self, position: int) -> int:
        applied = 0
        retired = f"{self._live}_retired"
        async with self._engine.begin() as connection:
            await connection.execute(text(f"SELECT pg_advisory_xact_lock({SWAP_LOCK})"))
            side = await connection.execution_options(schema_translate_map={None: self._side})
            while batch := await self._read(position):
                await self._projector.apply_in(side, batch)
                position, applied = batch[-1].position, applied + len(batch)
            await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{retired}"'))
            for table in self.tables:
                await connection.execute(text(f'DROP TABLE IF EXISTS "{retired}"."{table.name}"'))
                await connection.execute(
                    text(f'ALTER TABLE "{self._live}"."{table.name}" SET SCHEMA "{retired}"')
                )
                await connection.execute(
                    text(f'ALTER TABLE "{self._side}"."{table.name}" SET SCHEMA "{self._live}"')
                )
            await connection.execute(text(f'DROP SCHEMA "{self._side}" CASCADE'))
        async with self._engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{retired}" CASCADE'))
        return applied
