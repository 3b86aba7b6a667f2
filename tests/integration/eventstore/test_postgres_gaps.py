"""The PostgreSQL store never lets a reader pass an event that a slower transaction commits."""

from __future__ import annotations

import asyncio

import asyncpg

from eventstore.port import NO_STREAM
from eventstore.postgres import PostgresEventStore
from tests.support.events import new_event, new_events
from tests.support.services import PG_DSN


async def test_a_held_open_append_hides_later_commits_until_it_commits(
    pg_store: PostgresEventStore,
) -> None:
    slow = await asyncpg.connect(PG_DSN)
    try:
        transaction = slow.transaction()
        await transaction.start()
        held = await pg_store.append_with(slow, "slow-1", [new_event()], NO_STREAM)
        fast = await pg_store.append("fast-1", new_events(2), NO_STREAM)
        assert held.position < fast.position

        assert await pg_store.read_all() == []
        assert await pg_store.events_above_horizon() >= 2

        await transaction.commit()
        log = await pg_store.read_all()
        assert [e.stream_id for e in log] == ["slow-1", "fast-1", "fast-1"]
    finally:
        await slow.close()


async def test_an_event_with_a_lower_position_committed_later_is_not_skipped(
    pg_store: PostgresEventStore,
) -> None:
    """Transaction ids and positions can be taken in opposite orders by two appenders.

    A takes its transaction id first, B inserts first (lower position) and stays open, A
    inserts and commits. A reader ordered by position alone would see A's event, checkpoint
    past B's lower position and skip it when B commits.
    """
    a, b = await asyncpg.connect(PG_DSN), await asyncpg.connect(PG_DSN)
    try:
        tx_a, tx_b = a.transaction(), b.transaction()
        await tx_a.start()
        await tx_b.start()
        await a.fetchval("SELECT pg_current_xact_id()")
        lower = await pg_store.append_with(b, "stream-b", [new_event()], NO_STREAM)
        higher = await pg_store.append_with(a, "stream-a", [new_event()], NO_STREAM)
        await tx_a.commit()
        assert lower.position < higher.position

        first_read = await pg_store.read_all()
        assert [e.position for e in first_read] == [higher.position]

        await tx_b.commit()
        second_read = await pg_store.read_all(after_position=first_read[-1].position)
        assert [e.position for e in second_read] == [lower.position]
    finally:
        await a.close()
        await b.close()


async def test_a_subscriber_under_interleaved_slow_and_fast_appends_sees_every_event_once(
    pg_store: PostgresEventStore,
) -> None:
    expected = 0
    positions: list[int] = []

    async def follow(total: int) -> None:
        async for event in pg_store.subscribe():
            positions.append(event.position)
            if len(positions) == total:
                return

    async def slow_append(n: int) -> None:
        connection = await asyncpg.connect(PG_DSN)
        try:
            async with connection.transaction():
                await pg_store.append_with(connection, f"slow-{n}", [new_event()], NO_STREAM)
                await asyncio.sleep(0.05)
        finally:
            await connection.close()
        pg_store.notify_appended()

    async def fast_appends(n: int) -> None:
        for i in range(10):
            await pg_store.append(f"fast-{n}-{i}", [new_event()], NO_STREAM)

    expected = 10 + 10 * 10
    follower = asyncio.create_task(follow(expected))
    await asyncio.gather(
        *(slow_append(n) for n in range(10)), *(fast_appends(n) for n in range(10))
    )
    await asyncio.wait_for(follower, timeout=20)
    assert len(positions) == len(set(positions)) == expected


async def test_a_failed_append_inside_a_caller_transaction_leaves_it_usable(
    pg_store: PostgresEventStore, pg_pool: asyncpg.Pool
) -> None:
    await pg_store.append("taken", [new_event()], NO_STREAM)
    async with pg_pool.acquire() as connection, connection.transaction():
        try:
            await pg_store.append_with(connection, "taken", [new_event()], NO_STREAM)
        except Exception as error:  # noqa: BLE001 - the type is checked below
            assert type(error).__name__ == "WrongExpectedRevision"
        await pg_store.append_with(connection, "free", [new_event()], NO_STREAM)
    assert len(await pg_store.read_stream("free")) == 1
