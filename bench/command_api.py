"""POST /api/orders throughput and latency beside a raw asyncpg baseline, in one run.

Baseline: one `BEGIN; INSERT; COMMIT` of a ~300-byte JSON event per call (a new stream each),
plain asyncpg. System under test: the real command API served by uvicorn in a child process
(JWT, idempotency middleware, menu catch-up, fold, decide, hash chain, append), driven over
HTTP from this process. Both share these two cores with the database, as in production.

    .venv/bin/python -m bench.command_api --requests 3000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import asyncpg

from api_common.auth import mint_token
from bench.common import DSN, ensure_database
from bench.section import PLOTS, Column, Goal, Row, Section, percent, relative, timestamp
from bench.stats import RunResult
from dinner.settings import Settings
from eventstore.postgres import PostgresEventStore
from schemas.streams import StreamId
from service_layer import CommandService
from service_layer.seeding import seed_menu

PORT = 8010
SECRET = "bench-secret-bench-secret-bench-secret-0123"
EVENT = json.dumps(
    {
        "order_id": str(uuid.UUID(int=1)),
        "customer_id": "customer-0001",
        "lines": [{"menu_item_id": "french_dinner", "quantity": 2, "unit_price": 80000}],
        "total": 160000,
        "delivery": {"address": "12 Sejong-daero, Seoul", "requested_for": "2026-12-24T19:00"},
        "note": "ring twice",
    }
)
ORDER = {
    "items": [{"menu_item_id": "french_dinner", "quantity": 2, "serving_style": "grand"}],
    "delivery": {"address": "12 Sejong-daero, Seoul", "requested_for": "2026-12-24T19:00:00Z"},
}

Call = Callable[[int], Awaitable[bool]]


async def drive(label: str, call: Call, total: int, concurrency: int) -> RunResult:
    """`concurrency` workers issue `total` calls back to back (closed loop)."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))

    async def worker() -> None:
        nonlocal errors
        for n in counter:
            started = time.perf_counter()
            ok = await call(n)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return RunResult(label, concurrency, total, time.perf_counter() - started, latencies, errors)


async def paced(label: str, call: Call, rate: float, seconds: float) -> RunResult:
    """Open loop: calls start at a fixed rate whatever the latency, as real clients do."""
    latencies: list[float] = []
    errors = 0
    total = int(rate * seconds)

    async def one(n: int) -> None:
        nonlocal errors
        started = time.perf_counter()
        ok = await call(n)
        latencies.append((time.perf_counter() - started) * 1000)
        errors += not ok

    tasks = []
    begin = time.perf_counter()
    for n in range(total):
        await asyncio.sleep(max(0.0, begin + n / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(n)))
    await asyncio.gather(*tasks)
    return RunResult(label, 0, total, time.perf_counter() - begin, latencies, errors)


@contextlib.asynccontextmanager
async def raw_table(pool: asyncpg.Pool) -> AsyncIterator[Call]:
    await pool.execute(
        "CREATE TABLE IF NOT EXISTS raw_events (position bigserial PRIMARY KEY,"
        " stream_id text NOT NULL, revision bigint NOT NULL, data jsonb NOT NULL,"
        " UNIQUE (stream_id, revision))"
    )
    await pool.execute("TRUNCATE raw_events")

    async def insert(n: int) -> bool:
        async with pool.acquire() as connection, connection.transaction():
            await connection.execute(
                "INSERT INTO raw_events (stream_id, revision, data) VALUES ($1, 0, $2::jsonb)",
                StreamId.order(uuid.uuid4()),
                EVENT,
            )
        return True

    yield insert


@contextlib.asynccontextmanager
async def command_api(schema: str, workers: int) -> AsyncIterator[Call]:
    settings = Settings(
        event_store_url=DSN, database_url=DSN, database_schema=schema, jwt_secret=SECRET
    )
    store = await PostgresEventStore.connect(DSN, schema=schema)
    await store.create_schema()
    await seed_menu(CommandService(store), datetime.now(UTC))
    await store.close()
    env = {
        **os.environ,
        "EVENT_STORE_URL": DSN,
        "DATABASE_URL": DSN,
        "DATABASE_SCHEMA": schema,
        "JWT_SECRET": SECRET,
        "DB_POOL_SIZE": "20",
        # One subject sends every order; the limit is still counted, never reached.
        "RATE_LIMIT_COMMANDS": "100000000",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli",
            "command-api",
            "--port",
            str(PORT),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    headers = {"Authorization": f"Bearer {mint_token(settings, 'bench-customer', 'customer')}"}
    # aiohttp, not httpx, drives the load: httpx alone tops out near 1.2k requests/s here.
    connector = aiohttp.TCPConnector(limit=64)
    async with aiohttp.ClientSession(
        f"http://127.0.0.1:{PORT}", headers=headers, connector=connector
    ) as client:
        await wait_until_ready(client)

        async def place(n: int) -> bool:
            async with client.post("/api/orders", json=ORDER) as response:
                await response.read()
                return response.status == 201

        try:
            yield place
        finally:
            server.terminate()
            server.wait(10)


async def wait_until_ready(client: aiohttp.ClientSession) -> None:
    async with asyncio.timeout(30):
        while True:
            with contextlib.suppress(aiohttp.ClientError):
                async with client.get("/ready") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.2)


async def main(
    requests: int, concurrencies: list[int], seconds: float, workers: int
) -> list[RunResult]:
    await ensure_database()
    results: list[RunResult] = []
    pool = await asyncpg.create_pool(
        DSN, min_size=min(8, max(concurrencies)), max_size=max(concurrencies)
    )
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        async with raw_table(pool) as insert, command_api(schema, workers) as place:
            await drive("warm-up", place, 200, 8)
            for concurrency in concurrencies:
                results.append(await drive("raw asyncpg tx", insert, requests, concurrency))
                results.append(await drive("POST /api/orders", place, requests, concurrency))
            saturation = max(r.throughput for r in results if r.label.startswith("POST"))
            results.append(await paced("POST /api/orders @ 50%", place, saturation / 2, seconds))
    finally:
        await pool.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await pool.close()
    return results


COLUMNS = [
    Column("workload", "workload"),
    Column("c", "c"),
    Column("calls", "calls"),
    Column("rate", "ops/s", ratio="percent"),
    Column("p50", "p50 ms", "{:.2f}", ratio="times"),
    Column("p99", "p99 ms", "{:.2f}", ratio="times"),
    Column("errors", "errors"),
]


def run(
    command: str,
    plots: Path | None,
    requests: int,
    concurrency: list[int],
    paced_seconds: float,
    workers: int,
) -> Section:
    return section(asyncio.run(main(requests, concurrency, paced_seconds, workers)), command, plots)


def section(results: list[RunResult], command: str, plots: Path | None = PLOTS) -> Section:
    from bench.environment import describe

    rows: list[Row] = []
    raw_at: dict[int, int] = {}
    for r in results:
        raw = r.label.startswith("raw")
        if raw:
            raw_at[r.concurrency] = len(rows)
        label = r.label.replace(" @ 50%", ", paced at 50 % of saturation")
        values = {
            "workload": label,
            "c": r.concurrency or "open loop",
            "calls": r.count,
            "rate": r.throughput,
            "p50": r.p50,
            "p99": r.p99,
            "errors": r.errors,
        }
        rows.append(Row(values, None if raw else raw_at.get(r.concurrency)))
    return Section(
        name="command_api",
        title="Command API: `POST /api/orders` (issue: write side)",
        command=command,
        measured_at=timestamp(),
        columns=COLUMNS,
        rows=rows,
        goals=goals(results),
        plots=[relative(path) for path in draw(results, plots)] if plots else [],
        environment=describe(),
    )


def goals(results: list[RunResult]) -> list[Goal]:
    raw = {r.concurrency: r.throughput for r in results if r.label.startswith("raw")}
    ratios = [
        r.throughput / raw[r.concurrency]
        for r in results
        if r.label == "POST /api/orders" and raw.get(r.concurrency)
    ]
    paced_runs = [r for r in results if r.concurrency == 0]
    found = []
    if paced_runs:
        p99 = paced_runs[0].p99
        found.append(Goal("p99 ≤ 25 ms at half of saturation", p99 <= 25, f"{p99:.1f} ms"))
    if ratios:
        spread = " to ".join(dict.fromkeys(percent(r) for r in (min(ratios), max(ratios))))
        found.append(Goal("throughput ≥ 50 % of the raw baseline", min(ratios) >= 0.5, spread))
    return found


def draw(results: list[RunResult], folder: Path) -> list[Path]:
    from bench import plots

    panels: dict[str, dict[str, list[float]]] = {}
    for r in results:
        panel = f"c={r.concurrency}" if r.concurrency else "open loop, half of saturation"
        panels.setdefault(panel, {})[r.label] = r.latencies_ms
    path = folder / "command_api-latency.png"
    return [plots.latency_cdfs(path, "POST /api/orders beside raw asyncpg: latency", panels)]


if __name__ == "__main__":
    from bench.render import print_section

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--paced-seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1)
    a = parser.parse_args()
    results = asyncio.run(main(a.requests, a.concurrency, a.paced_seconds, a.workers))
    print_section(
        section(results, shlex.join(["python", "-m", "bench.command_api", *sys.argv[1:]]), None)
    )
