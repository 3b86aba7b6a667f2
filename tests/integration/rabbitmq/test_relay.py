"""The relay in-process: the AMQP mapping, checkpoints, and one active relay at a time."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import asyncpg
import pytest
from aio_pika.abc import AbstractChannel

from eventstore.port import NO_STREAM
from eventstore.postgres import PostgresEventStore
from rabbitmq.checkpoints import PostgresCheckpointStore
from rabbitmq.declare import declare_topology
from rabbitmq.lease import hold_lease_and_run
from rabbitmq.publisher import ConfirmedPublisher
from rabbitmq.relay import CHECKPOINT_NAME, Relay
from rabbitmq.topology import DEFAULT_TOPOLOGY
from tests.support.broker import drain
from tests.support.events import new_events
from tests.support.services import PG_DSN


@pytest.fixture
async def relay_parts(
    amqp_channel: AbstractChannel, pg_pool: asyncpg.Pool, read_side: str
) -> tuple[ConfirmedPublisher, PostgresCheckpointStore]:
    await declare_topology(amqp_channel, DEFAULT_TOPOLOGY)
    exchange = await amqp_channel.get_exchange(DEFAULT_TOPOLOGY.exchange)
    return ConfirmedPublisher(exchange), PostgresCheckpointStore(pg_pool, read_side)


@contextlib.asynccontextmanager
async def running(relay: Relay) -> AsyncIterator[None]:
    task = asyncio.create_task(relay.run())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_every_event_is_published_with_the_amqp_mapping(
    pg_store: PostgresEventStore,
    amqp_channel: AbstractChannel,
    relay_parts: tuple[ConfirmedPublisher, PostgresCheckpointStore],
) -> None:
    publisher, checkpoints = relay_parts
    await pg_store.append("order-1", new_events(3, "OrderPlaced"), NO_STREAM)
    await pg_store.append("voice-1", new_events(2, "VoiceOrderSubmitted"), NO_STREAM)
    stored = await pg_store.read_all()

    async with running(Relay(pg_store, checkpoints, publisher)):
        messages = await drain(amqp_channel, "projections", expected=5)
        stt = await drain(amqp_channel, "ai.stt", expected=2)
        notifications = await drain(amqp_channel, "notifications", expected=5)

    assert [m.message_id for m in messages] == [str(e.event_id) for e in stored]
    first, event = messages[0], stored[0]
    assert first.routing_key == "order.OrderPlaced"
    assert first.type == "OrderPlaced"
    assert first.delivery_mode == 2
    assert first.headers["stream_id"] == "order-1"
    assert first.headers["revision"] == 0
    assert first.headers["position"] == event.position
    assert first.headers["schema_version"] == 1
    assert first.headers["correlation_id"] == event.metadata.correlation_id
    assert json.loads(first.body)["metadata"]["hash"] == event.metadata.hash
    assert {m.routing_key for m in stt} == {"voice.VoiceOrderSubmitted"}
    assert len(notifications) == 5
    assert await checkpoints.load(CHECKPOINT_NAME) == stored[-1].position


async def test_a_restarted_relay_continues_from_its_checkpoint(
    pg_store: PostgresEventStore,
    amqp_channel: AbstractChannel,
    relay_parts: tuple[ConfirmedPublisher, PostgresCheckpointStore],
) -> None:
    publisher, checkpoints = relay_parts
    await pg_store.append("order-1", new_events(3), NO_STREAM)
    async with running(Relay(pg_store, checkpoints, publisher)):
        await drain(amqp_channel, "projections", expected=3)
    await pg_store.append("order-2", new_events(2), NO_STREAM)
    async with running(Relay(pg_store, checkpoints, publisher)):
        # Published in log order: an older event sent again would arrive before the last one.
        await pg_store.append("order-3", new_events(1), NO_STREAM)
        later = await drain(amqp_channel, "projections", expected=3)
    assert [m.headers["stream_id"] for m in later] == ["order-2", "order-2", "order-3"]


async def test_a_second_relay_stands_by_until_the_first_lets_go(read_side: str) -> None:
    active: list[str] = []
    released = asyncio.Event()

    def work(name: str) -> object:
        async def run() -> None:
            active.append(name)
            if name == "first":
                await released.wait()
            else:
                await asyncio.Event().wait()

        return run

    first = asyncio.create_task(
        hold_lease_and_run(lambda: asyncpg.connect(PG_DSN), f"relay-{read_side}", work("first"))
    )
    async with asyncio.timeout(5):
        while active != ["first"]:
            await asyncio.sleep(0.01)
    second = asyncio.create_task(
        hold_lease_and_run(
            lambda: asyncpg.connect(PG_DSN), f"relay-{read_side}", work("second"), retry_seconds=0.1
        )
    )
    await asyncio.sleep(0.5)  # a standby that wrongly started would have done so by now
    assert active == ["first"]
    released.set()
    await first
    async with asyncio.timeout(5):
        while active != ["first", "second"]:
            await asyncio.sleep(0.01)
    second.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await second
