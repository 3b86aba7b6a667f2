"""PostgreSQL event store: one table, optimistic concurrency on (stream_id, revision)."""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import orjson

from eventstore.port import (
    ANY,
    NO_STREAM,
    AppendResult,
    DuplicateEventId,
    StoreUnavailable,
    UnknownPosition,
    WrongExpectedRevision,
)
from eventstore.postgres_schema import event_store_ddl
from eventstore.postgres_signal import AppendSignal
from eventstore.postgres_sql import Statements
from schemas.envelope import NewEvent, RecordedEvent
from schemas.hashing import GENESIS_HASH, chain_hash, normalise_time

UNAVAILABLE = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.OperatorInterventionError,
    asyncpg.InsufficientResourcesError,
    # What a pooled connection reports when the server went away under an operation in
    # flight ("cannot switch to state …"): seen on every PostgreSQL restart under load.
    asyncpg.InternalClientError,
)
# (event_id, stream_id, revision, position, type, schema_version, recorded_at, data)
LogRow = tuple[UUID, str, int, int, str, int, datetime, dict[str, Any]]
MIN_IDLE_WAIT = 0.005
MAX_IDLE_WAIT = 1.0


@contextlib.contextmanager
def unavailable_as_store_error() -> Iterator[None]:
    try:
        yield
    except UNAVAILABLE as error:
        raise StoreUnavailable(f"event store unreachable: {error}") from error


async def _init_connection(connection: asyncpg.Connection) -> None:
    await connection.set_type_codec(
        "jsonb",
        encoder=lambda value: orjson.dumps(value).decode(),
        decoder=orjson.loads,
        schema="pg_catalog",
    )


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    with unavailable_as_store_error():
        pool: asyncpg.Pool = await asyncpg.create_pool(
            dsn, min_size=min_size, max_size=max_size, init=_init_connection
        )
    return pool


class _StreamHeads:
    """Last known (revision, hash) per stream: stored events never change, so a hit is exact."""

    def __init__(self, capacity: int = 10_000) -> None:
        self._heads: OrderedDict[str, tuple[int, str]] = OrderedDict()
        self._capacity = capacity

    def hash_at(self, stream_id: str, revision: int) -> str | None:
        head = self._heads.get(stream_id)
        return head[1] if head is not None and head[0] == revision else None

    def remember(self, stream_id: str, revision: int, hash_: str) -> None:
        self._heads[stream_id] = (revision, hash_)
        self._heads.move_to_end(stream_id)
        if len(self._heads) > self._capacity:
            self._heads.popitem(last=False)


class PostgresEventStore:
    def __init__(self, pool: asyncpg.Pool, *, schema: str = "public", owns_pool: bool = False):
        self._pool = pool
        self._schema = schema
        self._owns_pool = owns_pool
        self._sql = Statements.for_schema(schema)
        self._heads = _StreamHeads()
        self._signal = AppendSignal(pool, f"{schema}_events_appended")

    @classmethod
    async def connect(
        cls, dsn: str, *, schema: str = "public", pool_size: int = 10
    ) -> PostgresEventStore:
        pool = await create_pool(dsn, max_size=pool_size)
        return cls(pool, schema=schema, owns_pool=True)

    @property
    def pool(self) -> asyncpg.Pool:
        return self._pool

    async def create_schema(self) -> None:
        async with self._pool.acquire() as connection, connection.transaction():
            for statement in event_store_ddl(self._schema):
                await connection.execute(statement)

    async def append(
        self, stream_id: str, events: Sequence[NewEvent], expected_revision: int
    ) -> AppendResult:
        with unavailable_as_store_error():
            async with self._pool.acquire() as connection:
                result = await self._append(connection, stream_id, events, expected_revision)
        self._signal.notify()
        return result

    async def append_with(
        self,
        connection: asyncpg.Connection,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_revision: int,
    ) -> AppendResult:
        """Append through the caller's connection, inside its transaction if one is open.

        Call `notify_appended()` after that transaction commits to wake subscribers early.
        """
        with unavailable_as_store_error():
            return await self._append(connection, stream_id, events, expected_revision)

    def notify_appended(self) -> None:
        self._signal.notify()

    async def _append(
        self,
        connection: asyncpg.Connection,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_revision: int,
    ) -> AppendResult:
        if not events:
            raise ValueError("append needs at least one event")
        while True:
            prev_revision, prev_hash = await self._head_for(
                connection, stream_id, expected_revision
            )
            rows, last_hash = _chained_rows(stream_id, prev_revision, prev_hash, events)
            try:
                positions = await self._insert(connection, rows)
            except asyncpg.UniqueViolationError:
                stored = await self._already_stored(connection, stream_id, events)
                if stored is not None:
                    return stored
                if expected_revision == ANY:
                    continue  # another writer got there first; chain onto its events
                actual = await self._current_revision(connection, stream_id)
                raise WrongExpectedRevision(stream_id, expected_revision, actual) from None
            last_revision = prev_revision + len(events)
            self._heads.remember(stream_id, last_revision, last_hash)
            return AppendResult(revision=last_revision, position=max(positions))

    async def _insert(self, connection: asyncpg.Connection, rows: list[list[Any]]) -> list[int]:
        # One statement: outside a transaction it commits on its own, in one round trip.
        if connection.is_in_transaction():
            async with connection.transaction():  # a savepoint keeps the caller's tx usable
                records = await connection.fetch(self._sql.insert, *rows)
        else:
            records = await connection.fetch(self._sql.insert, *rows)
        return [record[0] for record in records]

    async def _head_for(
        self, connection: asyncpg.Connection, stream_id: str, expected: int
    ) -> tuple[int, str]:
        if expected == NO_STREAM:
            return -1, GENESIS_HASH
        if expected == ANY:
            head = await connection.fetchrow(self._sql.head, stream_id)
            return (-1, GENESIS_HASH) if head is None else (head["revision"], head["hash"])
        if expected < 0:
            raise ValueError(f"not an expected revision: {expected}")
        known = self._heads.hash_at(stream_id, expected)
        if known is None:
            known = await connection.fetchval(self._sql.hash_at, stream_id, expected)
        if known is None:
            actual = await self._current_revision(connection, stream_id)
            raise WrongExpectedRevision(stream_id, expected, actual)
        return expected, known

    async def _already_stored(
        self, connection: asyncpg.Connection, stream_id: str, events: Sequence[NewEvent]
    ) -> AppendResult | None:
        """Where these very events were stored before, if they were: a re-append is a no-op."""
        records = await connection.fetch(self._sql.by_event_ids, [e.event_id for e in events])
        if not records:
            return None
        if any(record["stream_id"] != stream_id for record in records):
            raise DuplicateEventId(f"an event id is already stored outside {stream_id!r}")
        if len(records) != len(events):
            return None
        return AppendResult(revision=records[-1]["revision"], position=records[-1]["position"])

    async def _current_revision(self, connection: asyncpg.Connection, stream_id: str) -> int:
        head = await connection.fetchrow(self._sql.head, stream_id)
        return NO_STREAM if head is None else int(head["revision"])

    async def read_stream(
        self,
        stream_id: str,
        *,
        from_revision: int | None = None,
        backwards: bool = False,
        limit: int | None = None,
    ) -> list[RecordedEvent]:
        if backwards:
            sql, start = self._sql.stream_backward, from_revision
            start = 2**62 if start is None else start
        else:
            sql, start = self._sql.stream_forward, from_revision or 0
        with unavailable_as_store_error():
            records = await self._pool.fetch(sql, stream_id, start, limit)
        return [_recorded(record) for record in records]

    async def read_all(self, *, after_position: int = 0, limit: int = 500) -> list[RecordedEvent]:
        with unavailable_as_store_error():
            records = await self._pool.fetch(self._sql.log_after, after_position, limit)
            if not records and after_position != 0:
                if not await self._pool.fetchval(self._sql.position_exists, after_position):
                    raise UnknownPosition(after_position)
        return [_recorded(record) for record in records]

    async def read_log_rows(self, *, after_position: int = 0, limit: int = 500) -> list[LogRow]:
        """`read_all` as plain rows for a replay of millions: no envelope validation and no
        metadata; `data` is decoded but not upcast. Rows are tuple-like asyncpg records."""
        with unavailable_as_store_error():
            records = await self._pool.fetch(self._sql.log_rows_after, after_position, limit)
            if not records and after_position != 0:
                if not await self._pool.fetchval(self._sql.position_exists, after_position):
                    raise UnknownPosition(after_position)
        return list(records)

    async def subscribe(self, *, after_position: int = 0) -> AsyncIterator[RecordedEvent]:
        async for batch in self.subscribe_batches(after_position=after_position):
            for event in batch:
                yield event

    async def subscribe_batches(
        self, *, after_position: int = 0, limit: int = 500
    ) -> AsyncIterator[list[RecordedEvent]]:
        checkpoint = after_position
        wait = MIN_IDLE_WAIT
        async with self._signal.listener() as woken:
            while True:
                woken.clear()
                batch = await self.read_all(after_position=checkpoint, limit=limit)
                if batch:
                    yield batch
                    checkpoint = batch[-1].position
                    wait = MIN_IDLE_WAIT
                    continue
                # Events may be committed yet still above the horizon (another transaction
                # is open): look again shortly. Otherwise sleep until woken, backing off.
                if await self._anything_above_horizon():
                    await asyncio.sleep(MIN_IDLE_WAIT)
                    continue
                try:
                    await asyncio.wait_for(woken.wait(), wait)
                    wait = MIN_IDLE_WAIT
                except TimeoutError:
                    wait = min(wait * 2, MAX_IDLE_WAIT)

    async def _anything_above_horizon(self) -> bool:
        with unavailable_as_store_error():
            return bool(await self._pool.fetchval(self._sql.any_unsafe))

    async def head_position(self) -> int:
        with unavailable_as_store_error():
            position = await self._pool.fetchval(self._sql.log_head)
        return int(position or 0)

    async def events_above_horizon(self) -> int:
        """Committed or in-flight events readers cannot see yet: the gap guard's lag."""
        with unavailable_as_store_error():
            return int(await self._pool.fetchval(self._sql.unsafe_count))

    async def close(self) -> None:
        await self._signal.close()
        if self._owns_pool:
            await self._pool.close()


def _chained_rows(
    stream_id: str, prev_revision: int, prev_hash: str, events: Sequence[NewEvent]
) -> tuple[list[list[Any]], str]:
    """Column arrays for the insert, with each event's hash chained to the one before."""
    columns: list[list[Any]] = [[] for _ in range(8)]
    for offset, event in enumerate(events, start=1):
        revision = prev_revision + offset
        this_hash = chain_hash(stream_id, revision, event, prev_hash)
        metadata = event.metadata.model_copy(update={"prev_hash": prev_hash, "hash": this_hash})
        values = (
            event.event_id,
            stream_id,
            revision,
            event.type,
            event.schema_version,
            normalise_time(event.recorded_at),
            # Encoded here so the insert works on any connection, with or without codecs.
            orjson.dumps(event.data).decode(),
            metadata.model_dump_json(),
        )
        for column, value in zip(columns, values, strict=True):
            column.append(value)
        prev_hash = this_hash
    return columns, prev_hash


def _recorded(record: asyncpg.Record) -> RecordedEvent:
    return RecordedEvent.model_validate(dict(record))
