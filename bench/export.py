"""`dinner audit export` over a large history: throughput and peak memory of the process.

The store is filled with complete order lifecycles written straight into the events table
with COPY (hash chains included, `bench.rebuild.rows_for`), a chunk at a time. Then, in one run:
- baseline: a raw `COPY (SELECT row_to_json(...)) TO STDOUT` of the same events;
- the export as an operator runs it, `python -m dinner audit export --from-position P`, in a
  subprocess whose stdout is counted here, for 0, the last tenth, and all of the events;
- for comparison, `dinner audit verify` over the same store.
Its peak RSS is the child's own high-water mark (`VmHWM` in /proc, followed every 10 ms until
it exits). `getrusage`/`wait4` would not do here: Linux carries
the spawning process's high-water mark into the child's `ru_maxrss` at exec, and this
process has just held a chunk of the fill in memory. Constant memory means the full export
peaks where the small ones do.

    .venv/bin/python -m bench.export --events 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from bench.common import DSN, bench_schema, ensure_database
from bench.rebuild import COLUMNS as EVENT_COLUMNS
from bench.rebuild import rows_for
from bench.section import Column, Goal, Row, Section, timestamp
from dinner.migrate import READ_SIDE, upgrade
from eventstore.postgres import PostgresEventStore, create_pool

CHUNK = 70_000  # ten thousand whole lifecycles of seven events


@dataclass(frozen=True)
class Run:
    name: str
    events: int
    seconds: float
    megabytes: float
    peak_rss_mb: float | None


async def fill(schema: str, count: int) -> None:
    connection = await asyncpg.connect(DSN)
    try:
        written = 0
        while written < count:
            rows = rows_for(min(CHUNK, count - written))
            await connection.copy_records_to_table(
                "events", schema_name=schema, records=rows, columns=EVENT_COLUMNS
            )
            written += len(rows)
        await connection.execute(f'ANALYZE "{schema}".events')
    finally:
        await connection.close()


class Counted:
    """A sink that counts lines and bytes, as `wc` would."""

    def __init__(self) -> None:
        self.lines = 0
        self.bytes = 0

    def write(self, data: bytes) -> None:
        self.lines += data.count(b"\n")
        self.bytes += len(data)


async def raw_copy(schema: str) -> Run:
    sink = Counted()
    connection = await asyncpg.connect(DSN)
    try:
        started = time.perf_counter()
        await connection.copy_from_query(
            f'SELECT row_to_json(e) FROM "{schema}".events e ORDER BY position',
            output=lambda data: asyncio.sleep(0, sink.write(data)),
        )
        seconds = time.perf_counter() - started
    finally:
        await connection.close()
    return Run("raw COPY … TO STDOUT (row_to_json)", sink.lines, seconds, sink.bytes / 1e6, None)


def high_water_mb(pid: int) -> float | None:
    """VmHWM of a running process: the peak resident set of its current program."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return None


class HighWater(threading.Thread):
    """Follows a child's VmHWM until it exits (a zombie has no memory left to report)."""

    def __init__(self, child: subprocess.Popen[bytes]) -> None:
        super().__init__(daemon=True)
        self._child = child
        self.peak_mb = 0.0

    def run(self) -> None:
        while self._child.poll() is None:
            self.peak_mb = max(self.peak_mb, high_water_mb(self._child.pid) or 0.0)
            time.sleep(0.01)


def dinner(schema: str, name: str, *args: str) -> Run:
    """`python -m dinner <args>` with its stdout counted."""
    env = {
        **os.environ,
        "DATABASE_URL": DSN,
        "EVENT_STORE_URL": DSN,
        "DATABASE_SCHEMA": schema,
        "ENVIRONMENT": "test",
    }
    command = [sys.executable, "-m", "cli", *args]
    sink = Counted()
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    watch = HighWater(child)
    watch.start()
    assert child.stdout is not None
    while chunk := child.stdout.read(1 << 16):
        sink.write(chunk)
    if child.wait() != 0:
        raise RuntimeError(f"{' '.join(args)} exited with {child.returncode}")
    seconds = time.perf_counter() - started
    watch.join()
    return Run(name, sink.lines, seconds, sink.bytes / 1e6, watch.peak_mb)


async def main(count: int) -> list[Run]:
    await ensure_database()
    pool = await create_pool(DSN, max_size=2)
    try:
        async with bench_schema(pool) as schema:
            await PostgresEventStore(pool, schema=schema).create_schema()
            await upgrade(READ_SIDE, DSN, schema)  # the key table the export reads keys from
            await fill(schema, count)
            head = int(await pool.fetchval(f'SELECT max(position) FROM "{schema}".events'))
            runs = [await raw_copy(schema)]
            for name, start in (
                ("export of no event (start-up)", head + 1),
                (f"export of the last {count // 10:,}", head - count // 10 + 1),
                (f"export of all {count:,}", 1),
            ):
                runs.append(
                    await asyncio.to_thread(
                        dinner, schema, name, "audit", "export", "--from-position", str(start)
                    )
                )
            verified = await asyncio.to_thread(dinner, schema, "verify", "audit", "verify")
            # Verification keeps one chain link per stream: memory grows with the streams.
            runs.append(
                Run(
                    f"verify all {count:,} (not streamed: a link per stream)",
                    count,
                    verified.seconds,
                    0.0,
                    verified.peak_rss_mb,
                )
            )
            return runs
    finally:
        await pool.close()


COLUMNS = [
    Column("workload", "workload"),
    Column("events", "events"),
    Column("seconds", "seconds", "{:,.1f}"),
    Column("rate", "events/s", ratio="percent"),
    Column("mb_s", "MB/s"),
    Column("rss", "peak RSS (MB)"),
]


def run(command: str, plots: Path | None, events: int) -> Section:
    return section(asyncio.run(main(events)), command)


def section(runs: list[Run], command: str) -> Section:
    from bench.environment import describe

    rows = []
    for n, run in enumerate(runs):
        values = {
            "workload": run.name,
            "events": run.events,
            "seconds": run.seconds,
            "rate": run.events / run.seconds if run.events else None,
            "mb_s": run.megabytes / run.seconds if run.megabytes else None,
            "rss": run.peak_rss_mb,
        }
        # The first run is the raw COPY; an export of nothing measures start-up alone.
        rows.append(Row(values, 0 if n and run.events else None))
    return Section(
        name="export",
        title="Export and verification (issue: audit and privacy)",
        command=command,
        measured_at=timestamp(),
        columns=COLUMNS,
        rows=rows,
        goals=goals(runs),
        environment=describe(),
    )


def goals(runs: list[Run]) -> list[Goal]:
    """Streaming means the export of everything peaks where the export of a tenth does."""
    exports = [r for r in runs if r.name.startswith("export") and r.events and r.peak_rss_mb]
    if len(exports) < 2:
        return []
    tenth, full = exports[0].peak_rss_mb or 0.0, exports[-1].peak_rss_mb or 0.0
    return [
        Goal(
            "export memory does not grow with the history (within 10 %)",
            full <= tenth * 1.1,
            f"{tenth:,.0f} MB → {full:,.0f} MB",
        )
    ]


if __name__ == "__main__":
    from bench.render import print_section

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    runs = asyncio.run(main(parser.parse_args().events))
    print_section(section(runs, shlex.join(["python", "-m", "bench.export", *sys.argv[1:]])))
