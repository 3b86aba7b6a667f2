"""A consumer process's main loop: connect, declare, consume until SIGTERM, drain, close."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence
from dataclasses import dataclass

from consumers.modes import Mode
from consumers.runtime import BEFORE_ACK, QueueConsumer
from dinner.faults import FaultPoints
from rabbitmq.connection import connect, while_connected
from rabbitmq.declare import declare_topology
from rabbitmq.messages import MAX_BODY_BYTES
from rabbitmq.topology import DEFAULT_TOPOLOGY, Topology

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subscription:
    """A work queue and how its messages reach their handler; `fault_point` names the crash
    point between a message's effect and its ack (for the no-loss tests)."""

    queue: str
    mode: Mode
    fault_point: str = BEFORE_ACK


async def consume_until_stopped(
    rabbitmq_url: str,
    subscriptions: Sequence[Subscription],
    *,
    name: str,
    faults: FaultPoints,
    topology: Topology = DEFAULT_TOPOLOGY,
    stop: asyncio.Event | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> None:
    """Runs until SIGINT/SIGTERM (or `stop`), then finishes the messages in hand first."""
    stop = stop or stop_on_signals()
    connection = await connect(rabbitmq_url, name=name)
    try:
        setup = await connection.channel()
        await declare_topology(setup, topology)
        consumers = []
        for subscription in subscriptions:
            # A channel per queue: prefetch is per channel, and one slow queue's unacked
            # messages must not use up another queue's allowance.
            channel = await connection.channel(publisher_confirms=True)
            consumer = QueueConsumer(
                channel,
                topology.queue(subscription.queue),
                subscription.mode,
                faults=faults,
                fault_point=subscription.fault_point,
                max_body_bytes=max_body_bytes,
            )
            await consumer.start()
            consumers.append(consumer)
        log.info("%s consuming %s", name, ", ".join(s.queue for s in subscriptions))
        await while_connected(connection, stop.wait())
        log.info("%s stopping: finishing the messages in hand", name)
        await asyncio.gather(*(consumer.stop() for consumer in consumers))
    finally:
        await connection.close()


def stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop
