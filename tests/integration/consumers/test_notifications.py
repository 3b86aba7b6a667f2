"""Order events reach Redis for the live WebSockets; unrelated events are acked and dropped."""

from __future__ import annotations

import asyncio
import uuid

import orjson
import redis.asyncio as redis
from aio_pika.abc import AbstractChannel

from consumers.modes import OneAtATime
from consumers.notifications import LiveUpdates
from consumers.process import Subscription, consume_until_stopped
from dinner.faults import NO_FAULTS
from rabbitmq.declare import declare_topology
from rabbitmq.messages import to_message
from rabbitmq.topology import DEFAULT_TOPOLOGY
from schemas.channels import dashboard_channel, stream_channel
from tests.support.consuming import recorded
from tests.support.services import REDIS_URL


async def test_an_order_event_is_pushed_to_its_stream_and_the_dashboard(
    amqp_url: str, amqp_channel: AbstractChannel
) -> None:
    await declare_topology(amqp_channel, DEFAULT_TOPOLOGY)
    prefix = f"test:{uuid.uuid4().hex[:8]}:"
    client = redis.from_url(REDIS_URL)
    # The runtime decodes payloads, so this one is an OrderConfirmed as the domain writes it.
    event = recorded("OrderConfirmed")
    pubsub = client.pubsub()
    await pubsub.subscribe(stream_channel(prefix, event.stream_id), dashboard_channel(prefix))
    stop = asyncio.Event()
    consumer = asyncio.create_task(
        consume_until_stopped(
            amqp_url,
            [Subscription("notifications", OneAtATime(LiveUpdates(client, prefix).handlers()))],
            name="test-notifications",
            faults=NO_FAULTS,
            stop=stop,
        )
    )
    try:
        exchange = await amqp_channel.get_exchange("dinner.events")
        await exchange.publish(to_message(event), "order.OrderConfirmed")
        received = []
        async with asyncio.timeout(10):
            while len(received) < 2:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)
                if message is not None:
                    received.append(message)
    finally:
        stop.set()
        await consumer
        await pubsub.aclose()
        await client.aclose()
    channels = {m["channel"].decode() for m in received}
    assert channels == {stream_channel(prefix, event.stream_id), dashboard_channel(prefix)}
    payload = orjson.loads(received[0]["data"])
    assert payload["type"] == "OrderConfirmed"
    assert payload["event_id"] == str(event.event_id)
    assert payload["position"] == event.position
