"""Rebuilds from the event store beside the live tables, while they are being read."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from eventstore.postgres import PostgresEventStore
from projections.events import projected
from projections.projector import Projector
from projections.rebuild import Rebuild
from projections.registry import READ_MODELS, read_models
from projections.tables import order_history, orders, sales_items
from tests.support.processes import environment
from tests.support.read_model_checks import mismatches
from tests.support.workload import run_workload


async def snapshot(engine: AsyncEngine) -> dict[str, list[tuple[object, ...]]]:
    async with engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, await connection.execute(select(table))), key=repr)
            for table in (orders, order_history, sales_items)
        }


async def project_everything(projector: Projector, store: PostgresEventStore) -> None:
    await projector.apply([projected(e) for e in await store.read_all(limit=100_000)])


async def test_a_rebuild_under_reads_equals_the_live_tables_and_no_read_sees_a_half(
    projector: Projector, pg_store: PostgresEventStore, engine: AsyncEngine, read_side: str
) -> None:
    await run_workload(pg_store, commands=1500, seed=41)
    await project_everything(projector, pg_store)
    before = await snapshot(engine)
    expected_orders = len(before["orders"])
    reads, failures = 0, []
    finished = asyncio.Event()

    async def keep_reading() -> None:
        nonlocal reads
        while not finished.is_set():
            try:
                async with engine.connect() as connection:
                    count = await connection.scalar(select(func.count()).select_from(orders))
                if count != expected_orders:
                    failures.append(f"saw {count} orders")
                reads += 1
            except Exception as error:  # any failed read is what this test is about
                failures.append(repr(error))
            await asyncio.sleep(0)

    readers = [asyncio.create_task(keep_reading()) for _ in range(3)]
    result = await Rebuild(engine, pg_store, schema=read_side, models=READ_MODELS, chunk=500).run()
    finished.set()
    await asyncio.gather(*readers)

    assert failures == []
    assert reads > 10
    assert result.events == len(await pg_store.read_all(limit=100_000))
    assert await snapshot(engine) == before
    assert await mismatches(engine, pg_store) == []


class Interrupted(Exception):
    pass


async def test_an_interrupted_rebuild_resumes_where_it_stopped(
    projector: Projector, pg_store: PostgresEventStore, engine: AsyncEngine, read_side: str
) -> None:
    await run_workload(pg_store, commands=800, seed=43)
    await project_everything(projector, pg_store)
    before = await snapshot(engine)
    models = read_models(["orders", "sales"])

    total = len(await pg_store.read_all(limit=100_000))
    assert total > 300

    def crash_after_two_chunks(applied: int, position: int) -> None:
        if applied >= 200:
            raise Interrupted

    with pytest.raises(Interrupted):
        await Rebuild(engine, pg_store, schema=read_side, models=models, chunk=100).run(
            crash_after_two_chunks
        )
    resumed = await Rebuild(engine, pg_store, schema=read_side, models=models, chunk=100).run()
    assert resumed.events == total - 200
    assert await snapshot(engine) == before


async def test_unknown_read_model_names_are_refused() -> None:
    with pytest.raises(KeyError, match="unknown read models"):
        read_models(["orders", "nope"])


async def test_the_rebuild_command_reports_what_it_did(
    projector: Projector, pg_store: PostgresEventStore, read_side: str, tmp_path: Path
) -> None:
    await run_workload(pg_store, commands=100, seed=47)
    env = environment(read_side, "amqp://unused/")
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "cli", "projections", "rebuild", "orders", "kitchen"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "rebuilt orders, order_history, orders_streams, kitchen_queue" in done.stdout
