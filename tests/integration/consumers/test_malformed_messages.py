"""Malformed messages on every work queue, each consumed by that queue's real consumer.

Every bad message must end in `<queue>.dlq` at its first attempt with headers that name the
error, and the consumer must go on to handle a valid event published after them. The bad
messages carry no `message_id`: the runtime reads the event id from the body, never from it.
The AI queues run the worker's own handlers and dispatching over the real (lazily loaded)
engines; their valid event is a redelivery of work already done, so no model ever runs.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import orjson
import pytest
import redis.asyncio as redis
from aio_pika.abc import AbstractChannel
from sqlalchemy.ext.asyncio import create_async_engine

from ai_worker.engines import Interpretation, MenuChoice, Transcript
from ai_worker.factory import Engines
from ai_worker.handlers import AiJobs
from ai_worker.process import subscriptions
from ai_worker.results import Results
from consumers.modes import OneAtATime
from consumers.notifications import LiveUpdates
from consumers.process import Subscription
from consumers.runtime import QueueConsumer
from dinner.clock import SystemClock
from dinner.migrate import sqlalchemy_url
from dinner.settings import Settings
from eventstore.postgres import PostgresEventStore
from projections.consumer import Projecting
from projections.projector import Projector
from rabbitmq import headers as h
from rabbitmq.declare import declare_topology
from rabbitmq.dlq import describe
from rabbitmq.messages import MAX_BODY_BYTES, to_message
from rabbitmq.topology import DEFAULT_TOPOLOGY
from schemas.commands.order import FailCakeDesign, PlaceOrder, RequestCakeDesign
from schemas.commands.voice_order import FailVoiceOrder, RecordTranscript, SubmitVoiceOrder
from schemas.envelope import Actor, EventMetadata, RecordedEvent
from schemas.streams import StreamId
from schemas.values import Delivery, RequestedLine
from service_layer import CommandContext, CommandService
from service_layer.seeding import seed_menu
from tests.support.broker import drain, open_channel
from tests.support.services import PG_DSN, REDIS_URL

CUSTOMER = EventMetadata(correlation_id="t", actor=Actor(user_id="alice", role="customer"))
# The event type each queue is bound to, so the bad messages look like its own traffic.
QUEUE_TYPES = {
    "projections": "OrderPlaced",
    "notifications": "OrderConfirmed",
    "ai.stt": "VoiceOrderSubmitted",
    "ai.llm": "VoiceTranscribed",
    "ai.image": "CakeDesignRequested",
}


@dataclass(frozen=True)
class Malformed:
    kind: str
    body: bytes
    error_type: str
    reason: str  # part of the x-error header


def envelope(event_type: str, **overrides: Any) -> bytes:
    document = {
        "event_id": str(uuid.uuid4()),
        "stream_id": f"order-{uuid.uuid4()}",
        "type": event_type,
        "schema_version": 1,
        "revision": 0,
        "position": 1,
        "recorded_at": datetime.now(UTC).isoformat(),
        "data": {},
        "metadata": {"correlation_id": "c", "actor": {"user_id": "mallory", "role": "customer"}},
    }
    return orjson.dumps({**document, **overrides})


def malformed(event_type: str) -> list[Malformed]:
    wrong_types = envelope(event_type, event_id="not-a-uuid", revision="first", data=[1])
    padded = envelope(event_type, data={"padding": "x" * (4 * MAX_BODY_BYTES)})
    not_envelope = "not an event envelope"
    return [
        Malformed("not JSON", b"\xff\xfe{ not json", "UndecodableMessage", "not JSON"),
        Malformed("JSON, not an object", b"[1, 2, 3]", "UndecodableMessage", "not a JSON object"),
        Malformed(
            "envelope missing fields",
            orjson.dumps({"type": event_type}),
            "UndecodableMessage",
            not_envelope,
        ),
        Malformed(
            "envelope fields of wrong types", wrong_types, "UndecodableMessage", not_envelope
        ),
        Malformed(
            "unknown event type",
            envelope("OrderTeleported"),
            "UnknownEventType",
            "unknown event type 'OrderTeleported'",
        ),
        Malformed(
            "payload off its schema",
            envelope(event_type, data={"unexpected": True}),
            "InvalidEventData",
            "does not match its schema",
        ),
        Malformed(
            "future schema version",
            envelope(event_type, schema_version=99),
            "UnsupportedSchemaVersion",
            "cannot be read",
        ),
        Malformed("oversized body", padded, "UndecodableMessage", "over the limit"),
    ]


async def finished_work(store: PostgresEventStore) -> dict[str, RecordedEvent]:
    """Per queue, a valid event whose work is already done: a voice order transcribed and then
    failed, and an order whose cake design failed."""
    handler, now = CommandService(store), datetime.now(UTC)
    await seed_menu(CommandService(store), now)
    voice_id, order_id, request_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    voice = StreamId.voice_order(voice_id)
    await handler.handle(
        SubmitVoiceOrder(
            voice_order_id=voice_id,
            customer_id="alice",
            request_id=request_id,
            audio_ref=f"voice/{voice_id}.wav",
            content_type="audio/wav",
            at=now,
        ),
        CommandContext(CUSTOMER),
    )
    for command in (
        RecordTranscript(
            voice_order_id=voice_id, request_id=request_id, transcript="two french dinners", at=now
        ),
        FailVoiceOrder(voice_order_id=voice_id, stage="interpretation", reason="test", at=now),
    ):
        await handler.handle(command, CommandContext(CUSTOMER))
    order = StreamId.order(order_id)
    await handler.handle(
        PlaceOrder(
            order_id=order_id,
            customer_id="alice",
            lines=(RequestedLine(menu_item_id="cake", quantity=1),),
            delivery=Delivery(address="1 Main St", requested_for=now.replace(year=now.year + 1)),
            menu=await handler.menu.current(),
            at=now,
        ),
        CommandContext(CUSTOMER),
    )
    for cake in (
        RequestCakeDesign(
            order_id=order_id,
            request_id=request_id,
            prompt="a red heart",
            actor_id="alice",
            actor_role="customer",
            at=now,
        ),
        FailCakeDesign(order_id=order_id, request_id=request_id, reason="test", at=now),
    ):
        await handler.handle(cake, CommandContext(CUSTOMER))
    by_type = {e.type: e for s in (voice, order) for e in await store.read_stream(s)}
    return {
        "projections": by_type["OrderPlaced"],
        "notifications": by_type["OrderPlaced"],
        "ai.stt": by_type["VoiceOrderSubmitted"],
        "ai.llm": by_type["VoiceTranscribed"],
        "ai.image": by_type["CakeDesignRequested"],
    }


class Watched:
    """The real engines, every call recorded: nothing here may reach a model."""

    def __init__(self, engines: Engines) -> None:
        self._engines = engines
        self.calls: list[str] = []

    def transcribe(self, audio: Path, *, prompt: str) -> Transcript:
        self.calls.append("transcribe")
        return self._engines.stt.transcribe(audio, prompt=prompt)

    def interpret(
        self, transcript: str, menu: list[MenuChoice], *, now: datetime
    ) -> Interpretation:
        self.calls.append("interpret")
        return self._engines.interpreter.interpret(transcript, menu, now=now)

    def generate(self, prompt: str, *, seed: int) -> bytes:
        self.calls.append("generate")
        return self._engines.images.generate(prompt, seed=seed)


@dataclass
class Running:
    handled: Callable[[], bool]
    stop: Callable[[], Awaitable[None]]


def consumer_of(channel: AbstractChannel, subscription: Subscription) -> QueueConsumer:
    """The queue's consumer as `consume_until_stopped` builds it."""
    return QueueConsumer(
        channel,
        DEFAULT_TOPOLOGY.queue(subscription.queue),
        subscription.mode,
        fault_point=subscription.fault_point,
    )


async def projector(channel: AbstractChannel, store: PostgresEventStore, schema: str) -> Running:
    engine = create_async_engine(sqlalchemy_url(PG_DSN), pool_size=2)
    projecting = Projecting(Projector(engine, store, schema=schema))
    consumer = consumer_of(channel, projecting.subscription())
    await consumer.start()

    async def stop() -> None:
        await consumer.stop()
        await engine.dispose()

    return Running(lambda: projecting.applied_events > 0, stop)


async def notifier(channel: AbstractChannel, client: redis.Redis) -> Running:
    updates = LiveUpdates(client, f"test:{uuid.uuid4().hex[:8]}:")
    consumer = consumer_of(channel, Subscription("notifications", OneAtATime(updates.handlers())))
    await consumer.start()
    return Running(lambda: consumer.processed == 1, consumer.stop)


async def ai_worker(
    queue: str,
    channel: AbstractChannel,
    store: PostgresEventStore,
    client: redis.Redis,
    tmp_path: Path,
) -> Running:
    from ai_worker.factory import engines_from_settings

    settings = Settings(ai_device="cpu", model_cache_dir=tmp_path / "models")
    engines = Watched(engines_from_settings(settings))
    handler = CommandService(store)
    jobs = AiJobs(
        stt=engines,
        interpreter=engines,
        images=engines,
        commands=handler,
        results=Results(handler, client, SystemClock()),
        media_dir=tmp_path / "media",
        concurrency=1,
    )
    (subscription,) = [s for s in subscriptions(jobs, 1) if s.queue == queue]
    consumer = consumer_of(channel, subscription)
    await consumer.start()

    async def stop() -> None:
        await consumer.stop()
        jobs.close()
        assert engines.calls == [], "a malformed or finished job reached a model"

    return Running(lambda: consumer.processed == 1, stop)


@pytest.fixture
async def channels(amqp_url: str) -> AsyncIterator[tuple[AbstractChannel, AbstractChannel]]:
    """One channel to publish and read the dead letters, one for the consumer, as in the
    processes (prefetch is per channel)."""
    connection, channel = await open_channel(amqp_url)
    await declare_topology(channel, DEFAULT_TOPOLOGY)
    yield channel, await connection.channel(publisher_confirms=True)
    await connection.close()


@pytest.fixture
async def redis_client() -> AsyncIterator[redis.Redis]:
    client = redis.from_url(REDIS_URL)
    yield client
    await client.aclose()


async def until(condition: Callable[[], bool], timeout: float = 15) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.05)


@pytest.mark.parametrize("queue", list(QUEUE_TYPES))
async def test_malformed_messages_are_dead_lettered_with_their_reason_and_the_consumer_goes_on(
    queue: str,
    channels: tuple[AbstractChannel, AbstractChannel],
    pg_store: PostgresEventStore,
    read_side: str,
    redis_client: redis.Redis,
    tmp_path: Path,
) -> None:
    channel, consumer_channel = channels
    good = (await finished_work(pg_store))[queue]
    if queue == "projections":
        running = await projector(consumer_channel, pg_store, read_side)
    elif queue == "notifications":
        running = await notifier(consumer_channel, redis_client)
    else:
        running = await ai_worker(queue, consumer_channel, pg_store, redis_client, tmp_path)
    bad = {m.kind: m for m in malformed(QUEUE_TYPES[queue])}
    try:
        for message in bad.values():
            raw = aio_pika.Message(
                body=message.body,
                headers={"test-kind": message.kind},
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            )
            await channel.default_exchange.publish(raw, queue)
        await channel.default_exchange.publish(to_message(good), queue)
        dead = await drain(channel, f"{queue}.dlq", expected=len(bad), timeout=30)
        await until(running.handled)
    finally:
        await running.stop()

    by_kind = {str((d.headers or {})["test-kind"]): d for d in dead}
    assert set(by_kind) == set(bad)
    for kind, letter in by_kind.items():
        expected, headers = bad[kind], letter.headers or {}
        assert headers[h.ERROR_TYPE] == expected.error_type, kind
        assert expected.reason in str(headers[h.ERROR]), (kind, headers[h.ERROR])
        assert headers[h.ATTEMPTS] == 1, kind  # straight to the DLQ, never up the retry ladder
        assert headers[h.QUEUE] == queue, kind
        assert headers[h.ORIGINAL_ROUTING_KEY] == queue, kind
        assert letter.body == expected.body, kind  # kept whole, for inspection or replay
        assert describe(letter).reason.startswith(expected.error_type), kind
