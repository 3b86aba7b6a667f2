"""The same append workload through this event store and a peer library, beside raw inserts.

Stores, each in a table of its own in one throw-away schema of the same database:
- raw asyncpg: one INSERT (one row, or an unnest of many) into a table with a position and a
  unique (stream_id, revision): the least an event store with optimistic concurrency does;
- raw psycopg on threads: the same SQL through the peer's driver and concurrency model;
- this project's `PostgresEventStore` (hash chain, transaction-id horizon, event-id check);
- the `eventsourcing` library's `PostgresApplicationRecorder` (global order through an
  exclusive table lock and a NOTIFY per append) and `PostgresAggregateRecorder` (no global
  order); synchronous psycopg 3, so its concurrency is threads, as that library runs it.

Workload: N streams × M events of the same ~300-byte JSON payload. "single": M rounds of one
event per stream, each appended at the stream's next revision (a conflict would fail it);
"batch": one append of all M events per stream. Workers own disjoint streams.

    .venv/bin/python -m bench.peer --streams 1000 --events 10
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import orjson
import psycopg
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
)

from bench.common import DSN, bench_schema, ensure_database
from bench.section import PLOTS, Column, Row, Section, relative, timestamp
from bench.stats import RunResult
from eventstore.port import NO_STREAM
from eventstore.postgres import PostgresEventStore, create_pool
from schemas.envelope import Actor, EventMetadata, NewEvent
from schemas.streams import StreamId

DATA = {
    "order_id": str(uuid.UUID(int=1)),
    "customer_id": "customer-0001",
    "lines": [{"menu_item_id": "french_dinner", "quantity": 2, "unit_price": 80000}],
    "total": 160000,
    "delivery": {"address": "12 Sejong-daero, Seoul", "requested_for": "2026-12-24T19:00"},
    "note": "ring twice",
}
PAYLOAD = orjson.dumps(DATA)
TOPIC = "dinner.order:OrderPlaced"
METADATA = EventMetadata(correlation_id="bench", actor=Actor(user_id="bench", role="customer"))
RAW = "raw asyncpg"
MODES = ("single", "batch")

# (stream, first revision, number of events)
Append = tuple[uuid.UUID, int, int]


@dataclass(frozen=True)
class Measured:
    store: str
    mode: str
    result: RunResult


def plan(
    streams: list[uuid.UUID], mode: str, events: int, worker: int, workers: int
) -> list[Append]:
    mine = streams[worker::workers]
    if mode == "batch":
        return [(stream, 0, events) for stream in mine]
    # Round by round, so every append lands on a stream that already has events.
    return [(stream, revision, 1) for revision in range(events) for stream in mine]


# --- the stores ----------------------------------------------------------------------------------


def raw_ddl(table: str) -> str:
    return (
        f"CREATE TABLE {table} (position bigserial PRIMARY KEY, stream_id text NOT NULL,"
        " revision bigint NOT NULL, data jsonb NOT NULL, UNIQUE (stream_id, revision))"
    )


def raw_insert(table: str, placeholders: tuple[str, str, str]) -> str:
    ids, revisions, data = placeholders
    return (
        f"INSERT INTO {table} (stream_id, revision, data) SELECT s, r, d::jsonb"
        f" FROM unnest({ids}::text[], {revisions}::bigint[], {data}::text[]) AS rows (s, r, d)"
    )


class RawAsyncpg:
    name = RAW

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.pool = pool
        self.table = f'"{schema}".raw_asyncpg'
        self.insert = raw_insert(self.table, ("$1", "$2", "$3"))

    async def create(self) -> None:
        await self.pool.execute(raw_ddl(self.table))

    async def append(self, stream: uuid.UUID, revision: int, count: int) -> None:
        ids = [StreamId.order(stream)] * count
        # A single statement outside a transaction commits on its own, in one round trip.
        await self.pool.execute(
            self.insert, ids, list(range(revision, revision + count)), [PAYLOAD.decode()] * count
        )

    async def clear(self) -> None:
        await self.pool.execute(f"TRUNCATE {self.table}")


class ThisStore:
    name = "PostgresEventStore (this project)"

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        self.store = PostgresEventStore(pool, schema=schema)
        self.pool = pool
        self.schema = schema

    async def create(self) -> None:
        await self.store.create_schema()

    async def append(self, stream: uuid.UUID, revision: int, count: int) -> None:
        at = datetime.now(UTC)
        events = [
            NewEvent(
                event_id=uuid.uuid4(),
                type="OrderPlaced",
                schema_version=2,
                data=DATA,
                metadata=METADATA,
                recorded_at=at,
            )
            for _ in range(count)
        ]
        expected = NO_STREAM if revision == 0 else revision - 1
        await self.store.append(StreamId.order(stream), events, expected)

    async def clear(self) -> None:
        await self.pool.execute(f'TRUNCATE "{self.schema}".events')


def connection_kwargs(dsn: str) -> dict[str, Any]:
    parts = urlsplit(dsn)
    return {
        "dbname": parts.path.lstrip("/"),
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "password": parts.password or "",
    }


class RawPsycopg:
    name = "raw psycopg, threads"

    def __init__(self, dsn: str, schema: str) -> None:
        self.kwargs = {**connection_kwargs(dsn), "autocommit": True}
        self.table = f'"{schema}".raw_psycopg'
        self.insert = raw_insert(self.table, ("%s", "%s", "%s"))
        self.local = threading.local()
        self.connections: list[psycopg.Connection[Any]] = []
        self.lock = threading.Lock()

    def _connection(self) -> psycopg.Connection[Any]:
        # One connection per thread, as a pool of the pool's size would hand out.
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = psycopg.connect(**self.kwargs)
            self.local.connection = connection
            with self.lock:
                self.connections.append(connection)
        return connection

    def create(self) -> None:
        self._connection().execute(raw_ddl(self.table))

    def append(self, stream: uuid.UUID, revision: int, count: int) -> None:
        self._connection().execute(
            self.insert,
            (
                [StreamId.order(stream)] * count,
                list(range(revision, revision + count)),
                [PAYLOAD.decode()] * count,
            ),
            prepare=True,
        )

    def clear(self) -> None:
        self._connection().execute(f"TRUNCATE {self.table}")

    def close(self) -> None:
        for connection in self.connections:
            connection.close()


class Eventsourcing:
    def __init__(self, dsn: str, schema: str, pool_size: int, application: bool) -> None:
        self.datastore = PostgresDatastore(
            **connection_kwargs(dsn), pool_size=pool_size, schema=schema
        )
        recorder = PostgresApplicationRecorder if application else PostgresAggregateRecorder
        self.table = "es_application" if application else "es_aggregate"
        self.recorder = recorder(self.datastore, events_table_name=self.table)
        kind = "Application" if application else "Aggregate"
        self.name = f"eventsourcing Postgres{kind}Recorder"
        self.schema = schema

    def create(self) -> None:
        self.recorder.create_table()

    def append(self, stream: uuid.UUID, revision: int, count: int) -> None:
        self.recorder.insert_events(
            [
                StoredEvent(
                    originator_id=stream,
                    originator_version=revision + n,
                    topic=TOPIC,
                    state=PAYLOAD,
                )
                for n in range(count)
            ]
        )

    def clear(self) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f'TRUNCATE "{self.schema}"."{self.table}"')

    def close(self) -> None:
        self.datastore.close()


# --- drivers -------------------------------------------------------------------------------------


async def drive_async(
    label: str,
    append: Callable[[uuid.UUID, int, int], Awaitable[None]],
    mode: str,
    streams: int,
    events: int,
    concurrency: int,
) -> RunResult:
    ids = [uuid.uuid4() for _ in range(streams)]
    latencies: list[float] = []

    async def worker(n: int) -> None:
        for stream, revision, count in plan(ids, mode, events, n, concurrency):
            started = time.perf_counter()
            await append(stream, revision, count)
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    seconds = time.perf_counter() - started
    return RunResult(label, concurrency, streams * events, seconds, latencies)


def drive_threads(
    label: str,
    append: Callable[[uuid.UUID, int, int], None],
    mode: str,
    streams: int,
    events: int,
    concurrency: int,
) -> RunResult:
    ids = [uuid.uuid4() for _ in range(streams)]
    latencies: list[list[float]] = [[] for _ in range(concurrency)]

    def worker(n: int) -> None:
        for stream, revision, count in plan(ids, mode, events, n, concurrency):
            started = time.perf_counter()
            append(stream, revision, count)
            latencies[n].append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, range(concurrency)))
    seconds = time.perf_counter() - started
    merged = [value for chunk in latencies for value in chunk]
    return RunResult(label, concurrency, streams * events, seconds, merged)


async def main(
    streams: int, events: int, concurrencies: list[int], dsn: str = DSN
) -> list[Measured]:
    if streams < max(concurrencies):
        raise ValueError("need at least one stream per worker")
    if dsn == DSN:
        await ensure_database()
    size = max(concurrencies)
    pool = await create_pool(dsn, max_size=size)
    plain = await asyncpg.create_pool(dsn, min_size=1, max_size=size)  # asyncpg's own codecs
    measured: list[Measured] = []
    async with bench_schema(pool) as schema:
        raw, mine = RawAsyncpg(plain, schema), ThisStore(pool, schema)
        await mine.create()  # creates the schema too
        await raw.create()
        threaded = [
            RawPsycopg(dsn, schema),
            Eventsourcing(dsn, schema, size, application=True),
            Eventsourcing(dsn, schema, size, application=False),
        ]
        try:
            for other in threaded:
                await asyncio.to_thread(other.create)
            for mode in MODES:
                for concurrency in concurrencies:
                    for store in (raw, mine):
                        await drive_async("warm-up", store.append, mode, size, 2, size)
                        await store.clear()
                        result = await drive_async(
                            store.name, store.append, mode, streams, events, concurrency
                        )
                        measured.append(Measured(store.name, mode, result))
                    for other in threaded:
                        await asyncio.to_thread(
                            drive_threads, "warm-up", other.append, mode, size, 2, size
                        )
                        await asyncio.to_thread(other.clear)
                        result = await asyncio.to_thread(
                            drive_threads,
                            other.name,
                            other.append,
                            mode,
                            streams,
                            events,
                            concurrency,
                        )
                        measured.append(Measured(other.name, mode, result))
        finally:
            for other in threaded:
                await asyncio.to_thread(other.close)
            await plain.close()
    await pool.close()
    return measured


# --- the report ----------------------------------------------------------------------------------

COLUMNS = [
    Column("workload", "store"),
    Column("mode", "append"),
    Column("c", "c"),
    Column("events", "events"),
    Column("rate", "events/s", ratio="percent"),
    Column("p50", "p50 ms", "{:.2f}", ratio="times"),
    Column("p99", "p99 ms", "{:.2f}", ratio="times"),
]


def run(
    command: str, plots: Path | None, streams: int, events: int, concurrency: list[int]
) -> Section:
    return section(asyncio.run(main(streams, events, concurrency)), command, plots)


def section(measured: list[Measured], command: str, plots: Path | None = PLOTS) -> Section:
    from bench.environment import describe

    rows: list[Row] = []
    raw_at: dict[tuple[str, int], int] = {}
    for m in measured:
        key = (m.mode, m.result.concurrency)
        if m.store == RAW:
            raw_at[key] = len(rows)
        per_append = round(m.result.count / max(1, len(m.result.latencies_ms)))
        mode = "1 event" if per_append == 1 else f"{per_append} events"
        values = {
            "workload": m.store,
            "mode": mode,
            "c": m.result.concurrency,
            "events": m.result.count,
            "rate": m.result.throughput,
            "p50": m.result.p50,
            "p99": m.result.p99,
        }
        rows.append(Row(values, None if m.store == RAW else raw_at.get(key)))
    drawn = [relative(path) for path in draw(measured, plots)] if plots else []
    return Section(
        name="peer",
        title="Event store appends beside a peer library (issue: reliability and the report)",
        command=command,
        measured_at=timestamp(),
        columns=COLUMNS,
        rows=rows,
        plots=drawn,
        environment=describe(),
    )


def draw(measured: list[Measured], folder: Path) -> list[Path]:
    from bench import plots

    panels: dict[str, dict[str, list[float]]] = {}
    for m in measured:
        title = (
            f"{'one event' if m.mode == 'single' else 'batch'} per append, c={m.result.concurrency}"
        )
        panels.setdefault(title, {})[m.store] = m.result.latencies_ms
    return [plots.latency_cdfs(folder / "peer-append-latency.png", "Append latency", panels)]


if __name__ == "__main__":
    from bench.render import print_section

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    a = parser.parse_args()
    results = asyncio.run(main(a.streams, a.events, a.concurrency))
    print_section(section(results, shlex.join(["python", "-m", "bench.peer", *sys.argv[1:]]), None))
