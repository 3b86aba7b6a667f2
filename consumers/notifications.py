"""The notifications consumer: order and voice-order events, pushed live through Redis.

Each event goes to the channel of its own stream (`<prefix>live:<stream_id>`) and to the
dashboard channel (`<prefix>live:dashboard`), where the query API's WebSockets listen.
Delivery is at least once: a message is pushed again after a crash before its ack, and the
payload carries `event_id` and `position` so a client can drop what it has already seen.
"""

from __future__ import annotations

import asyncio
import logging

import orjson
import redis.asyncio as redis

from bootstrap import Needs, open_services
from consumers.envelope import Envelope
from consumers.errors import TransientError
from consumers.modes import OneAtATime
from consumers.process import Subscription, consume_until_stopped
from consumers.registry import HandlerRegistry
from dinner.faults import FaultPoints
from dinner.settings import Settings
from schemas.channels import dashboard_channel, stream_channel
from schemas.events import DomainEvent
from schemas.registry import EVENT_CLASSES

log = logging.getLogger(__name__)


def live_update(event: Envelope[DomainEvent]) -> bytes:
    return orjson.dumps(
        {
            "event_id": str(event.event_id),
            "stream_id": event.stream_id,
            "type": event.type,
            "revision": event.revision,
            "position": event.position,
            "recorded_at": event.recorded_at.isoformat(),
        }
    )


class LiveUpdates:
    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._client = client
        self._prefix = prefix

    async def push(self, event: Envelope[DomainEvent]) -> None:
        payload = live_update(event)
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                pipe.publish(stream_channel(self._prefix, event.stream_id), payload)
                pipe.publish(dashboard_channel(self._prefix), payload)
                await pipe.execute()
        except redis.RedisError as error:
            raise TransientError(f"Redis unavailable: {error}") from error

    def handlers(self) -> HandlerRegistry:
        registry = HandlerRegistry(ignore_unhandled=True)
        for event_type in PUSHED_TYPES:
            registry.on(EVENT_CLASSES[event_type], self.push)
        return registry


PUSHED_TYPES = (
    "OrderPlaced", "OrderItemsChanged", "OrderPaid", "OrderConfirmed", "OrderRejected",
    "CookingStarted", "OrderReady", "OrderDispatched", "OrderDelivered", "OrderCancelled",
    "CakeDesignRequested", "CakeDesignGenerated", "CakeDesignFailed",
    "VoiceOrderSubmitted", "VoiceTranscribed", "VoiceOrderInterpreted", "VoiceOrderAccepted",
    "VoiceOrderFailed",
)  # fmt: skip


async def run(settings: Settings) -> None:
    async with open_services(settings, Needs.REDIS) as services:
        updates = LiveUpdates(services.redis, settings.redis_prefix)
        await consume_until_stopped(
            settings.rabbitmq_url,
            # One at a time, from one consumer (the queue has a single active consumer): a
            # watcher sees an order's changes in the order they happened.
            [Subscription("notifications", OneAtATime(updates.handlers(), concurrency=1))],
            name="dinner-notifications",
            faults=FaultPoints.from_environment(),
            max_body_bytes=settings.max_message_bytes,
        )


def main(settings: Settings) -> None:
    asyncio.run(run(settings))
