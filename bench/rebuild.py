"""Rebuild throughput over a large history beside a raw COPY of the same rows, in one run.

The store is filled with complete order lifecycles (placed → … → delivered, 7 events each),
written straight into the events table with COPY (hash chains included); then
- baseline: `copy_records_to_table` of the very same rows into a plain table;
- system: `Rebuild` of every read model from the event store, swapped in at the end.

    .venv/bin/python -m bench.rebuild --events 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import orjson
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.ext.asyncio import create_async_engine

from bench.common import DSN, bench_schema, ensure_database
from dinner.migrate import READ_SIDE, sqlalchemy_url, upgrade
from eventstore.postgres import PostgresEventStore, create_pool
from projections.rebuild import Rebuild
from projections.registry import READ_MODELS
from schemas.envelope import Actor, EventMetadata, NewEvent
from schemas.hashing import GENESIS_HASH, chain_hash
from schemas.streams import StreamId

COLUMNS = [
    "event_id",
    "stream_id",
    "revision",
    "type",
    "schema_version",
    "recorded_at",
    "data",
    "metadata",
]
CHUNK = int(os.environ.get("BENCH_REBUILD_CHUNK", "10000"))
ACTOR = Actor(user_id="customer-1", role="customer")
LINES = [
    {
        "menu_item_id": "french_dinner",
        "name": "French Dinner",
        "quantity": 2,
        "serving_style": "grand",
        "unit_price": 80000,
        "line_total": 160000,
    }
]


def lifecycle(order_id: uuid.UUID, at: datetime) -> list[tuple[str, int, dict[str, Any]]]:
    iso = at.isoformat()
    return [
        (
            "OrderPlaced",
            2,
            {
                "order_id": str(order_id),
                "customer_id": "customer-1",
                "lines": LINES,
                "total": 160000,
                "note": None,
                "placed_at": iso,
                "delivery": {"address": "12 Sejong-daero", "requested_for": iso},
            },
        ),
        ("OrderPaid", 1, {"payment_ref": "card", "amount": 160000, "paid_at": iso}),
        ("OrderConfirmed", 1, {"at": iso}),
        ("CookingStarted", 1, {"at": iso}),
        ("OrderReady", 1, {"at": iso}),
        ("OrderDispatched", 1, {"courier": "kim", "at": iso}),
        ("OrderDelivered", 1, {"at": iso}),
    ]


def rows_for(count: int) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    start = datetime(2026, 1, 1, tzinfo=UTC)
    metadata = EventMetadata(correlation_id="bench", actor=ACTOR)
    n = 0
    while len(rows) < count:
        order_id = uuid.uuid4()
        stream, previous = StreamId.order(order_id), GENESIS_HASH
        at = start + timedelta(minutes=n)
        for revision, (type_, version, data) in enumerate(lifecycle(order_id, at)):
            event = NewEvent(
                event_id=uuid.uuid4(),
                type=type_,
                schema_version=version,
                data=data,
                metadata=metadata,
                recorded_at=at,
            )
            digest = chain_hash(stream, revision, event, previous)
            meta = metadata.model_copy(update={"prev_hash": previous, "hash": digest})
            rows.append(
                (
                    event.event_id,
                    stream,
                    revision,
                    type_,
                    version,
                    at,
                    orjson.dumps(data).decode(),
                    meta.model_dump_json(),
                )
            )
            previous = digest
        n += 1
    return rows[:count]


async def main(count: int) -> tuple[float, float, int]:
    await ensure_database()
    pool = await create_pool(DSN, max_size=4)
    engine = create_async_engine(sqlalchemy_url(DSN), pool_size=3)
    async with bench_schema(pool) as schema:
        store = PostgresEventStore(pool, schema=schema)
        await store.create_schema()
        await upgrade(READ_SIDE, DSN, schema)
        seeding = time.perf_counter()
        rows = rows_for(count)
        # A connection without the store's text JSON codec: COPY speaks binary.
        connection = await asyncpg.connect(DSN)
        try:
            await connection.copy_records_to_table(
                "events", schema_name=schema, records=rows, columns=COLUMNS
            )
            await connection.execute(
                f'CREATE TABLE "{schema}".raw_copy (LIKE "{schema}".events INCLUDING ALL)'
            )
            started = time.perf_counter()
            await connection.copy_records_to_table(
                "raw_copy", schema_name=schema, records=rows, columns=COLUMNS
            )
            raw_rate = count / (time.perf_counter() - started)
            Console(stderr=True).print(
                f"seeded {count:,} events in {started - seeding:.0f} s (not measured)"
            )
        finally:
            await connection.close()
        del rows
        rebuild = Rebuild(engine, store, schema=schema, models=READ_MODELS, chunk=CHUNK)
        columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns) as bar:
            task = bar.add_task("rebuild", total=count)
            started = time.perf_counter()
            result = await rebuild.run(lambda applied, _: bar.update(task, completed=applied))
            rebuild_rate = result.events / (time.perf_counter() - started)
    await engine.dispose()
    await pool.close()
    return raw_rate, rebuild_rate, result.events


def report(raw: float, rebuilt: float, events: int) -> None:
    table = Table(title=f"Rebuild of every read model over {events:,} events")
    for column in ("workload", "rows or events/s", "vs raw"):
        table.add_column(column, justify="right")
    table.add_row("raw COPY of the same rows", f"{raw:,.0f}", "")
    table.add_row("rebuild (read, fold, write, swap)", f"{rebuilt:,.0f}", f"{rebuilt / raw:.0%}")
    Console().print(table)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    report(*asyncio.run(main(parser.parse_args().events)))
