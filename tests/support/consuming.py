"""A small topology and helpers for testing the consumer runtime on a real broker."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import aio_pika
from aio_pika.abc import AbstractChannel

from rabbitmq.messages import to_message
from rabbitmq.topology import EVENTS_EXCHANGE, Topology, WorkQueue
from schemas.envelope import Actor, EventMetadata, RecordedEvent

WORK = WorkQueue("work", ("#",))
TOPOLOGY = Topology(exchange=EVENTS_EXCHANGE, work_queues=(WORK,))


def recorded(type_: str = "OrderPlaced", position: int = 1) -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid.uuid4(),
        stream_id=f"order-{uuid.uuid4()}",
        type=type_,
        schema_version=1,
        revision=0,
        position=position,
        recorded_at=datetime.now(UTC),
        data={"n": position},
        metadata=EventMetadata(correlation_id="c", actor=Actor(user_id="u", role="customer")),
    )


async def publish_event(channel: AbstractChannel, event: RecordedEvent) -> None:
    exchange = await channel.get_exchange(EVENTS_EXCHANGE)
    await exchange.publish(to_message(event), f"order.{event.type}")


async def publish_raw(channel: AbstractChannel, body: bytes, routing_key: str) -> None:
    exchange = await channel.get_exchange(EVENTS_EXCHANGE)
    await exchange.publish(aio_pika.Message(body=body, message_id="raw"), routing_key)
