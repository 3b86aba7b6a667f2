"""The behaviour every EventStore adapter must have, written once for all of them.

Stream names are unique per test and global reads start from the head seen at the start of a
test, so the suite also holds on a shared server that already has history.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from eventstore.port import ANY, NO_STREAM, EventStore, WrongExpectedRevision
from schemas.envelope import RecordedEvent
from schemas.hashing import GENESIS_HASH, first_broken_link
from tests.support.events import new_event, new_events


def fresh_stream() -> str:
    return f"test-{uuid.uuid4()}"


async def read_all_of(
    store: EventStore, streams: set[str], *, after: int, expected: int
) -> list[RecordedEvent]:
    """The global log of these streams once all `expected` events are visible.

    A transaction in flight anywhere on the server may hold a PostgreSQL reader back for a
    moment, so the log is awaited rather than read once.
    """
    async with asyncio.timeout(10):
        while True:
            log = [e for e in await store.read_all(after_position=after) if e.stream_id in streams]
            if len(log) >= expected:
                return log
            await asyncio.sleep(0.01)


async def test_appended_events_read_back_in_order(store: EventStore) -> None:
    stream = fresh_stream()
    events = new_events(3)
    result = await store.append(stream, events, NO_STREAM)
    stored = await store.read_stream(stream)
    assert [e.event_id for e in stored] == [e.event_id for e in events]
    assert [e.revision for e in stored] == [0, 1, 2]
    assert [e.data for e in stored] == [e.data for e in events]
    assert result.revision == 2
    assert result.position == stored[-1].position
    assert stored[0].position < stored[1].position < stored[2].position


async def test_envelope_fields_survive_the_round_trip(store: EventStore) -> None:
    stream = fresh_stream()
    event = new_event("OrderPlaced", {"total": 60_000, "note": "문 앞에 두세요", "x": 0.25})
    await store.append(stream, [event], NO_STREAM)
    (stored,) = await store.read_stream(stream)
    assert stored.stream_id == stream
    assert stored.type == "OrderPlaced"
    assert stored.schema_version == 1
    assert stored.data == event.data
    assert stored.metadata.actor == event.metadata.actor
    assert stored.metadata.correlation_id == event.metadata.correlation_id
    assert abs((stored.recorded_at - event.recorded_at).total_seconds()) < 0.001


async def test_each_stream_is_a_hash_chain(store: EventStore) -> None:
    stream = fresh_stream()
    first = await store.append(stream, new_events(2), NO_STREAM)
    await store.append(stream, new_events(2), first.revision)
    stored = await store.read_stream(stream)
    assert stored[0].metadata.prev_hash == GENESIS_HASH
    assert stored[2].metadata.prev_hash == stored[1].metadata.hash
    assert first_broken_link(stored) is None


async def test_wrong_expected_revision_is_refused_with_the_actual_one(store: EventStore) -> None:
    stream = fresh_stream()
    await store.append(stream, new_events(2), NO_STREAM)
    with pytest.raises(WrongExpectedRevision) as refused:
        await store.append(stream, [new_event()], 0)
    assert refused.value.actual == 1
    assert len(await store.read_stream(stream)) == 2


async def test_no_stream_expectation_fails_on_an_existing_stream(store: EventStore) -> None:
    stream = fresh_stream()
    await store.append(stream, [new_event()], NO_STREAM)
    with pytest.raises(WrongExpectedRevision):
        await store.append(stream, [new_event()], NO_STREAM)


async def test_expecting_a_revision_of_a_missing_stream_fails(store: EventStore) -> None:
    with pytest.raises(WrongExpectedRevision) as refused:
        await store.append(fresh_stream(), [new_event()], 0)
    assert refused.value.actual == NO_STREAM


async def test_any_appends_after_whatever_is_there(store: EventStore) -> None:
    stream = fresh_stream()
    await store.append(stream, [new_event()], ANY)
    result = await store.append(stream, [new_event()], ANY)
    assert result.revision == 1
    assert first_broken_link(await store.read_stream(stream)) is None


async def test_reappending_the_same_events_changes_nothing(store: EventStore) -> None:
    stream = fresh_stream()
    events = new_events(2)
    first = await store.append(stream, events, NO_STREAM)
    again = await store.append(stream, events, NO_STREAM)
    assert again == first
    assert len(await store.read_stream(stream)) == 2


async def test_read_stream_backwards_from_and_limited(store: EventStore) -> None:
    stream = fresh_stream()
    await store.append(stream, new_events(5), NO_STREAM)
    backwards = await store.read_stream(stream, backwards=True, limit=2)
    assert [e.revision for e in backwards] == [4, 3]
    middle = await store.read_stream(stream, from_revision=2, limit=2)
    assert [e.revision for e in middle] == [2, 3]
    before = await store.read_stream(stream, from_revision=1, backwards=True)
    assert [e.revision for e in before] == [1, 0]


async def test_an_unknown_stream_reads_empty(store: EventStore) -> None:
    assert await store.read_stream(fresh_stream()) == []


async def test_read_all_continues_from_a_position(store: EventStore) -> None:
    start = await store.head_position()
    stream_a, stream_b = fresh_stream(), fresh_stream()
    await store.append(stream_a, new_events(2), NO_STREAM)
    await store.append(stream_b, new_events(2), NO_STREAM)
    ours = {stream_a, stream_b}
    log = await read_all_of(store, ours, after=start, expected=4)
    assert [(e.stream_id, e.revision) for e in log] == [
        (stream_a, 0),
        (stream_a, 1),
        (stream_b, 0),
        (stream_b, 1),
    ]
    rest = await read_all_of(store, ours, after=log[1].position, expected=2)
    assert [e.event_id for e in rest] == [e.event_id for e in log[2:]]
    assert await store.head_position() >= log[-1].position


async def test_read_all_pages_with_a_limit(store: EventStore) -> None:
    start = await store.head_position()
    stream = fresh_stream()
    await store.append(stream, new_events(5), NO_STREAM)
    await read_all_of(store, {stream}, after=start, expected=5)
    page = await store.read_all(after_position=start, limit=2)
    assert len(page) == 2


async def test_subscription_catches_up_then_follows(store: EventStore) -> None:
    start = await store.head_position()
    stream = fresh_stream()
    await store.append(stream, new_events(2), NO_STREAM)
    seen: list[int] = []

    async def follow() -> None:
        async for event in store.subscribe(after_position=start):
            if event.stream_id == stream:
                seen.append(event.revision)
                if len(seen) == 4:
                    return

    follower = asyncio.create_task(follow())
    await store.append(stream, new_events(2), 1)
    await asyncio.wait_for(follower, timeout=10)
    assert seen == [0, 1, 2, 3]


async def test_concurrent_appends_at_one_revision_have_one_winner(store: EventStore) -> None:
    stream = fresh_stream()
    await store.append(stream, [new_event()], NO_STREAM)
    attempts = await asyncio.gather(
        *(store.append(stream, [new_event()], 0) for _ in range(50)), return_exceptions=True
    )
    winners = [a for a in attempts if not isinstance(a, BaseException)]
    losers = [a for a in attempts if isinstance(a, BaseException)]
    assert len(winners) == 1
    assert all(isinstance(a, WrongExpectedRevision) for a in losers)
    assert len(await store.read_stream(stream)) == 2


async def test_fifty_writers_retrying_on_conflict_lose_nothing(store: EventStore) -> None:
    stream = fresh_stream()
    await store.append(stream, [new_event()], NO_STREAM)

    async def append_with_retry(n: int) -> None:
        event = new_event(data={"writer": n})
        while True:
            head = (await store.read_stream(stream, backwards=True, limit=1))[0].revision
            try:
                await store.append(stream, [event], head)
                return
            except WrongExpectedRevision:
                await asyncio.sleep(0)

    await asyncio.gather(*(append_with_retry(n) for n in range(50)))
    stored = await store.read_stream(stream)
    assert [e.revision for e in stored] == list(range(51))
    assert sorted(e.data["writer"] for e in stored[1:]) == list(range(50))
    assert first_broken_link(stored) is None


async def test_batched_subscription_yields_non_empty_batches_in_order(store: EventStore) -> None:
    start = await store.head_position()
    stream = fresh_stream()
    await store.append(stream, new_events(7), NO_STREAM)
    seen: list[int] = []

    async def follow() -> None:
        async for batch in store.subscribe_batches(after_position=start, limit=3):
            assert 1 <= len(batch) <= 3
            seen.extend(e.revision for e in batch if e.stream_id == stream)
            if len(seen) >= 9:
                return

    follower = asyncio.create_task(follow())
    await store.append(stream, new_events(2), 6)
    await asyncio.wait_for(follower, timeout=10)
    assert seen == list(range(9))
