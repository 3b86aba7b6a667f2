"""The retry ladder and dead-lettering of the consumer runtime on a real broker."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator

import pytest
from aio_pika.abc import AbstractChannel

from consumers import headers as h
from consumers.errors import PermanentError, TransientError
from consumers.registry import HandlerRegistry
from consumers.runtime import QueueConsumer
from rabbitmq.declare import declare_topology
from rabbitmq.dlq import DeadLetters
from schemas.envelope import RecordedEvent
from tests.support.broker import drain
from tests.support.consuming import TOPOLOGY, WORK, publish_event, publish_raw, recorded


class Flaky:
    """Fails its first `failures` calls, then succeeds; remembers when it was called."""

    def __init__(self, failures: int, error: type[Exception] = TransientError) -> None:
        self.failures = failures
        self.error = error
        self.calls: list[float] = []
        self.succeeded: list[RecordedEvent] = []
        self.done = asyncio.Event()

    async def __call__(self, event: RecordedEvent) -> None:
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


async def consume(channel: AbstractChannel, handler: Flaky) -> QueueConsumer:
    consumer = QueueConsumer(channel, WORK, HandlerRegistry().on("OrderPlaced", handler))
    await consumer.start()
    return consumer


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


async def test_an_unknown_event_type_is_dead_lettered(channel: AbstractChannel) -> None:
    handler = Flaky(failures=0)
    consumer = await consume(channel, handler)
    await publish_event(channel, recorded(type_="SomethingUnheardOf"))
    (dead,) = await drain(channel, WORK.dead_letter_queue, expected=1, timeout=5)
    await consumer.stop()
    assert "no handler" in str(dead.headers[h.ERROR])
    assert handler.calls == []


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
