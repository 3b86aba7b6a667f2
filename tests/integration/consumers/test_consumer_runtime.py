"""The consumer runtime on a real broker: decoding once, the retry ladder, dead-lettering,
and the batching mode's fallback to one message at a time."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Sequence

import pytest
from aio_pika.abc import AbstractChannel

from consumers.envelope import Envelope
from consumers.errors import PermanentError, TransientError
from consumers.modes import InBatches, OneAtATime
from consumers.registry import HandlerRegistry
from consumers.runtime import QueueConsumer
from rabbitmq import headers as h
from rabbitmq.declare import declare_topology
from rabbitmq.dlq import DeadLetters
from schemas.events import DomainEvent, OrderPlaced
from tests.support.broker import drain
from tests.support.consuming import TOPOLOGY, WORK, publish_event, publish_raw, recorded


class Flaky:
    """Fails its first `failures` calls, then succeeds; remembers when it was called."""

    def __init__(self, failures: int, error: type[Exception] = TransientError) -> None:
        self.failures = failures
        self.error = error
        self.calls: list[float] = []
        self.succeeded: list[Envelope[OrderPlaced]] = []
        self.done = asyncio.Event()

    async def __call__(self, event: Envelope[OrderPlaced]) -> None:
        self.calls.append(time.monotonic())
        if len(self.calls) <= self.failures:
            raise self.error(f"failure {len(self.calls)}")
        self.succeeded.append(event)
        self.done.set()


@pytest.fixture
async def channel(amqp_channel: AbstractChannel) -> AsyncIterator[AbstractChannel]:
    await declare_topology(amqp_channel, TOPOLOGY)
    yield amqp_channel


async def wait_for_dead_letters(dead_letters: DeadLetters, expected: int) -> None:
    async with asyncio.timeout(5):
        while await dead_letters.count("work") < expected:
            await asyncio.sleep(0.05)


async def consume(
    channel: AbstractChannel, handler: Flaky, *, ignore_unhandled: bool = False
) -> QueueConsumer:
    handlers = HandlerRegistry(ignore_unhandled=ignore_unhandled).on(OrderPlaced, handler)
    consumer = QueueConsumer(channel, WORK, OneAtATime(handlers))
    await consumer.start()
    return consumer


async def test_the_handler_gets_the_event_decoded_upcast_and_typed(
    channel: AbstractChannel,
) -> None:
    handler = Flaky(failures=0)
    consumer = await consume(channel, handler)
    stored = recorded()  # an OrderPlaced as version 1 stored it, the delivery in flat fields
    await publish_event(channel, stored)
    await asyncio.wait_for(handler.done.wait(), timeout=5)
    await consumer.stop()
    (envelope,) = handler.succeeded
    assert isinstance(envelope.event, OrderPlaced)
    assert envelope.event.delivery.address == stored.data["delivery_address"]
    assert envelope.schema_version == 2
    assert (envelope.event_id, envelope.position) == (stored.event_id, stored.position)


async def test_failing_twice_then_succeeding_is_processed_once_after_one_and_two_seconds(
    channel: AbstractChannel,
) -> None:
    handler = Flaky(failures=2)
    consumer = await consume(channel, handler)
    await publish_event(channel, recorded())
    await asyncio.wait_for(handler.done.wait(), timeout=15)
    await consumer.stop()
    first, second, third = handler.calls
    assert 0.9 <= second - first < 1.9
    assert 1.9 <= third - second < 3.5
    assert len(handler.succeeded) == 1
    assert await DeadLetters(channel, TOPOLOGY).count("work") == 0


async def test_always_failing_lands_in_the_dead_letter_queue_with_its_reason(
    channel: AbstractChannel,
) -> None:
    handler = Flaky(failures=100)
    consumer = await consume(channel, handler)
    event = recorded()
    await publish_event(channel, event)
    (dead,) = await drain(channel, WORK.dead_letter_queue, expected=1, timeout=20)
    await consumer.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(handler.calls)]
    assert len(handler.calls) == 4
    assert [round(g) for g in gaps] == [1, 2, 4]
    headers = dead.headers
    assert headers[h.ERROR] == "failure 4"
    assert headers[h.ERROR_TYPE] == "TransientError"
    assert headers[h.ATTEMPTS] == 4
    assert headers[h.ORIGINAL_ROUTING_KEY] == "order.OrderPlaced"
    assert headers[h.QUEUE] == "work"
    assert "TransientError" in str(headers[h.TRACEBACK])
    assert dead.message_id == str(event.event_id)


async def test_a_permanent_error_is_dead_lettered_at_once(channel: AbstractChannel) -> None:
    handler = Flaky(failures=1, error=PermanentError)
    consumer = await consume(channel, handler)
    await publish_event(channel, recorded())
    (dead,) = await drain(channel, WORK.dead_letter_queue, expected=1, timeout=5)
    await consumer.stop()
    assert len(handler.calls) == 1
    assert dead.headers[h.ATTEMPTS] == 1


@pytest.mark.parametrize(
    "body", [b"not json", b"[1, 2]", b'{"type": "OrderPlaced"}', b"x" * 2_000_000]
)
async def test_a_malformed_body_is_dead_lettered_and_the_consumer_goes_on(
    channel: AbstractChannel, body: bytes
) -> None:
    handler = Flaky(failures=0)
    consumer = await consume(channel, handler)
    await publish_raw(channel, body, "order.OrderPlaced")
    await publish_event(channel, recorded())
    (dead,) = await drain(channel, WORK.dead_letter_queue, expected=1, timeout=5)
    await asyncio.wait_for(handler.done.wait(), timeout=5)
    await consumer.stop()
    assert dead.headers[h.ERROR_TYPE] == "UndecodableMessage"
    assert len(handler.succeeded) == 1


@pytest.mark.parametrize("ignore_unhandled", [False, True])
async def test_a_type_outside_the_catalogue_is_dead_lettered_even_where_unhandled_are_ignored(
    channel: AbstractChannel, ignore_unhandled: bool
) -> None:
    handler = Flaky(failures=0)
    consumer = await consume(channel, handler, ignore_unhandled=ignore_unhandled)
    await publish_event(channel, recorded(type_="SomethingUnheardOf"))
    (dead,) = await drain(channel, WORK.dead_letter_queue, expected=1, timeout=5)
    await consumer.stop()
    assert dead.headers[h.ERROR_TYPE] == "UnknownEventType"
    assert dead.headers[h.ATTEMPTS] == 1
    assert handler.calls == []


async def test_a_catalogue_type_without_a_handler_is_dead_lettered_unless_ignored(
    channel: AbstractChannel,
) -> None:
    strict = await consume(channel, Flaky(failures=0))
    await publish_event(channel, recorded(type_="OrderConfirmed"))
    (dead,) = await drain(channel, WORK.dead_letter_queue, expected=1, timeout=5)
    await strict.stop()
    assert "no handler" in str(dead.headers[h.ERROR])

    handler = Flaky(failures=0)
    lenient = await consume(channel, handler, ignore_unhandled=True)
    await publish_event(channel, recorded(type_="OrderConfirmed"))
    await publish_event(channel, recorded())
    await asyncio.wait_for(handler.done.wait(), timeout=5)
    await lenient.stop()
    assert lenient.processed == 2  # the confirmation acked, not dead-lettered
    assert await DeadLetters(channel, TOPOLOGY).count("work") == 0


async def test_replay_after_a_fix_processes_the_dead_letter_once(channel: AbstractChannel) -> None:
    broken = Flaky(failures=1, error=PermanentError)
    consumer = await consume(channel, broken)
    await publish_event(channel, recorded())
    dead_letters = DeadLetters(channel, TOPOLOGY)
    await wait_for_dead_letters(dead_letters, 1)
    await consumer.stop()
    (letter,) = await dead_letters.peek("work", 10)
    assert letter.reason == "PermanentError: failure 1"

    fixed = Flaky(failures=0)
    consumer = await consume(channel, fixed)
    assert await dead_letters.replay("work") == 1
    await asyncio.wait_for(fixed.done.wait(), timeout=5)
    await consumer.stop()
    assert len(fixed.succeeded) == 1
    assert await dead_letters.count("work") == 0


async def test_purge_empties_a_dead_letter_queue(channel: AbstractChannel) -> None:
    consumer = await consume(channel, Flaky(failures=9, error=PermanentError))
    for _ in range(3):
        await publish_event(channel, recorded())
    dead_letters = DeadLetters(channel, TOPOLOGY)
    await wait_for_dead_letters(dead_letters, 3)
    await consumer.stop()
    assert await dead_letters.purge("work") == 3
    assert await dead_letters.count("work") == 0


class RefusingBatches:
    """A batch handler that refuses every batch holding `bad`, and that event alone for good."""

    def __init__(self, bad: int) -> None:
        self.bad = bad
        self.calls: list[list[int]] = []
        self.applied: list[int] = []

    async def __call__(self, envelopes: Sequence[Envelope[DomainEvent]]) -> None:
        positions = [envelope.position for envelope in envelopes]
        self.calls.append(positions)
        if self.bad in positions:
            raise PermanentError(f"position {self.bad} cannot be applied")
        self.applied.extend(positions)


async def test_a_failed_batch_is_handed_over_one_by_one_and_only_the_bad_event_fails(
    channel: AbstractChannel,
) -> None:
    for position in range(1, 7):
        await publish_event(channel, recorded(position=position))
    handler = RefusingBatches(bad=4)
    # Everything is queued before the consumer starts, and a long linger gathers it all.
    consumer = QueueConsumer(channel, WORK, InBatches(handler, max_batch=6, linger=0.5))
    await consumer.start()
    (dead,) = await drain(channel, WORK.dead_letter_queue, expected=1, timeout=10)
    async with asyncio.timeout(5):
        while consumer.processed < 5:
            await asyncio.sleep(0.05)
    await consumer.stop()
    assert handler.calls[0] == [1, 2, 3, 4, 5, 6]
    assert handler.calls[1:] == [[1], [2], [3], [4], [5], [6]]
    assert handler.applied == [1, 2, 3, 5, 6]
    assert dead.headers[h.ERROR_TYPE] == "PermanentError"
    assert dead.headers[h.ATTEMPTS] == 1
    assert dead.headers[h.ERROR] == "position 4 cannot be applied"


async def test_a_batch_that_succeeds_is_applied_once_and_acked_whole(
    channel: AbstractChannel,
) -> None:
    for position in range(1, 5):
        await publish_event(channel, recorded(position=position))
    handler = RefusingBatches(bad=0)
    consumer = QueueConsumer(channel, WORK, InBatches(handler, max_batch=4, linger=0.5))
    await consumer.start()
    async with asyncio.timeout(5):
        while consumer.processed < 4:
            await asyncio.sleep(0.05)
    await consumer.stop()
    assert handler.calls == [[1, 2, 3, 4]]
    assert await DeadLetters(channel, TOPOLOGY).count("work") == 0
