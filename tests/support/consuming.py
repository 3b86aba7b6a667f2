"""A small topology and helpers for testing the consumer runtime on a real broker."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel

from rabbitmq.messages import to_message
from rabbitmq.topology import EVENTS_EXCHANGE, Topology, WorkQueue
from schemas.envelope import Actor, EventMetadata, RecordedEvent

WORK = WorkQueue("work", ("#",))
TOPOLOGY = Topology(exchange=EVENTS_EXCHANGE, work_queues=(WORK,))


def order_placed_v1(order_id: uuid.UUID, n: int = 1) -> dict[str, Any]:
    """An `OrderPlaced` as version 1 stored it: the delivery in two flat fields."""
    return {
        "order_id": str(order_id),
        "customer_id": "alice",
        "lines": [
            {
                "menu_item_id": "french_dinner",
                "name": "French dinner",
                "quantity": n,
                "serving_style": "grand",
                "unit_price": 80000,
                "line_total": 80000 * n,
            }
        ],
        "total": 80000 * n,
        "delivery_address": "12 Sejong-daero",
        "delivery_time": "2026-12-24T19:00:00+09:00",
        "placed_at": "2026-12-01T10:00:00Z",
    }


def recorded(type_: str = "OrderPlaced", position: int = 1) -> RecordedEvent:
    """A recorded event of `type_`: a valid version-1 payload for `OrderPlaced` and the
    `at`-only order events, a made-up one for anything else."""
    order_id = uuid.uuid4()
    if type_ == "OrderPlaced":
        data = order_placed_v1(order_id, position)
    elif type_ in ("OrderConfirmed", "CookingStarted", "OrderReady", "OrderDelivered"):
        data = {"at": "2026-12-24T18:00:00Z"}
    else:
        data = {"n": position}
    return RecordedEvent(
        event_id=uuid.uuid4(),
        stream_id=f"order-{order_id}",
        type=type_,
        schema_version=1,
        revision=0,
        position=position,
        recorded_at=datetime.now(UTC),
        data=data,
        metadata=EventMetadata(correlation_id="c", actor=Actor(user_id="u", role="customer")),
    )


async def publish_event(channel: AbstractChannel, event: RecordedEvent) -> None:
    exchange = await channel.get_exchange(EVENTS_EXCHANGE)
    await exchange.publish(to_message(event), f"order.{event.type}")


async def publish_raw(channel: AbstractChannel, body: bytes, routing_key: str) -> None:
    exchange = await channel.get_exchange(EVENTS_EXCHANGE)
    await exchange.publish(aio_pika.Message(body=body, message_id="raw"), routing_key)
