"""End-to-end lag and live projector throughput, with the real processes.

The command API, the relay and the projector run as child processes on a schema and a
broker vhost of their own.
- Lag: orders placed over HTTP at a steady rate; for each, the time from the 201 to the
  moment its row is in the read model (checked whenever the projector announces a batch).
- Projector: a burst of complete order lifecycles appended straight to the store; events
  per second from the first append until the projector's checkpoint reaches the store head,
  beside the relay alone (its checkpoint) in the same run.

    .venv/bin/python -m bench.end_to_end --rate 200 --seconds 10 --burst 20000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import asyncpg

from api_common.auth import mint_token
from bench.command_api import ORDER, wait_until_ready
from bench.common import DSN, bench_schema, bench_vhost, ensure_database
from bench.rebuild import lifecycle
from bench.section import PLOTS, Column, Goal, Row, Section, relative, timestamp
from bench.stats import RunResult
from dinner.migrate import READ_SIDE, upgrade
from dinner.settings import Settings
from eventstore.port import NO_STREAM
from eventstore.postgres import PostgresEventStore, create_pool
from projections.signals import projected_channel
from schemas.envelope import Actor, EventMetadata, NewEvent
from schemas.streams import StreamId
from service_layer import CommandService
from service_layer.seeding import seed_menu

PORT = 8013
SECRET = "bench-secret-bench-secret-bench-secret-0123"


@contextlib.contextmanager
def processes(schema: str, amqp: str) -> Iterator[None]:
    env = {
        **os.environ,
        "EVENT_STORE_URL": DSN,
        "DATABASE_URL": DSN,
        "DATABASE_SCHEMA": schema,
        "RABBITMQ_URL": amqp,
        "JWT_SECRET": SECRET,
        "REDIS_PREFIX": f"bench:{schema}:",
        # One subject sends every order; the limit is still counted, never reached.
        "RATE_LIMIT_COMMANDS": "100000000",
    }
    commands = [["command-api", "--port", str(PORT)], ["relay"], ["projections", "run"]]
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "cli", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for args in commands
    ]
    try:
        yield
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.wait(15)


Timeline = list[tuple[float, float]]  # (seconds since the first command, lag in ms)


async def lag(
    pool: asyncpg.Pool, schema: str, rate: float, seconds: float
) -> tuple[RunResult, Timeline]:
    settings = Settings(jwt_secret=SECRET)
    headers = {"Authorization": f"Bearer {mint_token(settings, 'bench', 'customer')}"}
    pending: dict[uuid.UUID, float] = {}
    latencies: list[float] = []
    timeline: Timeline = []
    begin = time.perf_counter()
    listener = await asyncpg.connect(DSN)
    announced = asyncio.Event()
    await listener.add_listener(projected_channel(schema), lambda *_: announced.set())

    async def watch() -> None:
        while True:
            await announced.wait()
            announced.clear()
            if not pending:
                continue
            rows = await pool.fetch(
                f'SELECT order_id FROM "{schema}".orders WHERE order_id = ANY($1)', list(pending)
            )
            now = time.perf_counter()
            for row in rows:
                answered = pending.pop(row["order_id"])
                latencies.append((now - answered) * 1000)
                timeline.append((answered - begin, latencies[-1]))

    watcher = asyncio.create_task(watch())
    async with aiohttp.ClientSession(f"http://127.0.0.1:{PORT}", headers=headers) as client:
        await wait_until_ready(client)

        async def place() -> None:
            async with client.post("/api/orders", json=ORDER) as response:
                body = await response.json()
                pending[uuid.UUID(body["order_id"])] = time.perf_counter()

        total, begin, tasks = int(rate * seconds), time.perf_counter(), []
        for n in range(total):
            await asyncio.sleep(max(0.0, begin + n / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(place()))
        await asyncio.gather(*tasks)
    async with asyncio.timeout(30):
        while pending:
            announced.set()
            await asyncio.sleep(0.05)
    watcher.cancel()
    await listener.close()
    result = RunResult(f"command → read model @ {rate:.0f}/s", 0, total, seconds, latencies)
    return result, timeline


async def append_burst(store: PostgresEventStore, count: int) -> int:
    metadata = EventMetadata(correlation_id="bench", actor=Actor(user_id="b", role="customer"))
    at, appended = datetime.now(UTC), 0
    while appended < count:
        order_id = uuid.uuid4()
        events = [
            NewEvent(
                event_id=uuid.uuid4(),
                type=t,
                schema_version=v,
                data=d,
                metadata=metadata,
                recorded_at=at,
            )
            for t, v, d in lifecycle(order_id, at)
        ]
        await store.append(StreamId.order(order_id), events, NO_STREAM)
        appended += len(events)
    return appended


async def catch_up(pool: asyncpg.Pool, schema: str, head: int, count: int) -> list[RunResult]:
    """With the backlog already in the store: from the first progress to the head."""
    relay_sql = f"SELECT position FROM \"{schema}\".checkpoints WHERE name = 'relay'"
    projector_sql = f'SELECT max(position) FROM "{schema}".projector_checkpoints'
    started = relayed_at = projected_at = None
    async with asyncio.timeout(600):
        while projected_at is None:
            relayed = await pool.fetchval(relay_sql) or 0
            projected = await pool.fetchval(projector_sql) or 0
            now = time.perf_counter()
            started = started or (now if relayed > 0 else None)
            if relayed_at is None and relayed >= head:
                relayed_at = now
            if projected >= head:
                projected_at = now
            await asyncio.sleep(0.01)
    assert started is not None and relayed_at is not None
    return [
        RunResult("relay backlog, store → confirmed", 1, count, relayed_at - started, []),
        RunResult("projector backlog, all read models", 1, count, projected_at - started, []),
    ]


async def main(rate: float, seconds: float, count: int) -> tuple[list[RunResult], Timeline]:
    await ensure_database()
    pool = await create_pool(DSN, max_size=4)
    async with bench_schema(pool) as schema, bench_vhost() as amqp:
        store = PostgresEventStore(pool, schema=schema)
        await store.create_schema()
        await upgrade(READ_SIDE, DSN, schema)
        await seed_menu(CommandService(store), datetime.now(UTC))
        with processes(schema, amqp):
            measured, timeline = await lag(pool, schema, rate, seconds)
        results = [measured]
        appended = await append_burst(store, count)
        head = await store.head_position()
        with processes(schema, amqp):
            results.extend(await catch_up(pool, schema, head, appended))
    await pool.close()
    return results, timeline


COLUMNS = [
    Column("workload", "workload"),
    Column("count", "count"),
    Column("rate", "per second"),
    Column("p50", "p50 ms", "{:.1f}"),
    Column("p99", "p99 ms", "{:.1f}"),
]
LAG_GOAL_MS = 250


def run(command: str, plots: Path | None, rate: float, seconds: float, burst: int) -> Section:
    results, timeline = asyncio.run(main(rate, seconds, burst))
    return section(results, timeline, command, plots)


def section(
    results: list[RunResult], timeline: Timeline, command: str, plots: Path | None = PLOTS
) -> Section:
    from bench.environment import describe

    rows = []
    for r in results:
        latency = {"p50": r.p50, "p99": r.p99} if r.latencies_ms else {}
        rows.append(Row({"workload": r.label, "count": r.count, "rate": r.throughput, **latency}))
    goals = [
        Goal(
            f"lag p99 ≤ {LAG_GOAL_MS} ms at {r.label.rsplit('@', 1)[-1].strip()}",
            r.p99 <= LAG_GOAL_MS,
            f"{r.p99:.0f} ms",
        )
        for r in results
        if r.latencies_ms
    ]
    return Section(
        name="end_to_end",
        title="End to end and the projector (issue: projections and query API)",
        command=command,
        measured_at=timestamp(),
        columns=COLUMNS,
        rows=rows,
        goals=goals,
        plots=[relative(path) for path in draw(results, timeline, plots)] if plots else [],
        environment=describe(),
    )


def draw(results: list[RunResult], timeline: Timeline, folder: Path) -> list[Path]:
    from bench import plots

    if not timeline:
        return []
    title = f"{results[0].label}: lag per second of the run"
    return [plots.lag_over_time(folder / "end_to_end-lag.png", title, timeline)]


if __name__ == "__main__":
    from bench.render import print_section

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--burst", type=int, default=20_000)
    a = parser.parse_args()
    results, timeline = asyncio.run(main(a.rate, a.seconds, a.burst))
    argv = shlex.join(["python", "-m", "bench.end_to_end", *sys.argv[1:]])
    print_section(section(results, timeline, argv, None))
