"""The read models equal the fold of the event store, whatever the delivery order or repeats."""

from __future__ import annotations

import random

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from eventstore.postgres import PostgresEventStore
from projections.events import projected
from projections.projector import Projector
from projections.tables import menu_items, order_history
from schemas.vocabulary import ORDER_STATUS_AFTER
from tests.support.read_model_checks import mismatches
from tests.support.workload import run_workload


async def test_after_thousands_of_commands_with_repeats_and_reordering_nothing_differs(
    projector: Projector, pg_store: PostgresEventStore, engine: AsyncEngine
) -> None:
    await run_workload(pg_store, commands=2000)
    log = [projected(e) for e in await pg_store.read_all(limit=100_000)]
    rng = random.Random(3)
    start = 0
    while start < len(log):
        size = rng.randint(1, 200)
        batch = log[start : start + size]
        # Redeliveries of earlier events and later events overtaking earlier ones.
        extra = rng.sample(log[: start + size], k=min(len(log[: start + size]), rng.randint(0, 5)))
        batch = batch + extra
        rng.shuffle(batch)
        await projector.apply(batch)
        start += size
    assert await mismatches(engine, pg_store) == []
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(menu_items)) == 13


async def test_an_event_ahead_of_its_stream_brings_the_missing_ones_from_the_store(
    projector: Projector, pg_store: PostgresEventStore, engine: AsyncEngine
) -> None:
    await run_workload(pg_store, commands=60, seed=11)
    log = [projected(e) for e in await pg_store.read_all(limit=100_000)]
    latest_per_stream = {e.stream_id: e for e in log}
    await projector.apply(list(latest_per_stream.values()))
    assert await mismatches(engine, pg_store) == []
    async with engine.connect() as connection:
        history = await connection.scalar(select(func.count()).select_from(order_history))
    assert history == sum(1 for e in log if e.type in ORDER_STATUS_AFTER)


async def test_applying_everything_twice_changes_nothing(
    projector: Projector, pg_store: PostgresEventStore, engine: AsyncEngine
) -> None:
    await run_workload(pg_store, commands=300, seed=5)
    log = [projected(e) for e in await pg_store.read_all(limit=100_000)]
    assert await projector.apply(log) > 0
    assert await projector.apply(log) == 0
    assert await mismatches(engine, pg_store) == []
