"""Declares the topology on a broker; every declaration is idempotent."""

from __future__ import annotations

import aio_pika
from aio_pika.abc import AbstractChannel

from rabbitmq.topology import Topology


async def declare_topology(channel: AbstractChannel, topology: Topology) -> None:
    exchange = await channel.declare_exchange(
        topology.exchange, aio_pika.ExchangeType.TOPIC, durable=True
    )
    for declaration in topology.declarations():
        await channel.declare_queue(declaration.name, durable=True, arguments=declaration.arguments)
    for queue in topology.work_queues:
        declared = await channel.get_queue(queue.name, ensure=False)
        for routing_key in queue.bindings:
            await declared.bind(exchange, routing_key)
