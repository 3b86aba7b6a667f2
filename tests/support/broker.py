"""A RabbitMQ vhost of its own per test, and helpers to read what reached a queue."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from rabbitmq.management import Management
from tests.support.services import RABBITMQ_URL, unique_name


@asynccontextmanager
async def fresh_vhost() -> AsyncIterator[str]:
    vhost = unique_name("t")
    url = RABBITMQ_URL.rstrip("/") + "/" + vhost
    async with Management(url) as management:
        await management.create_vhost()
        try:
            yield url
        finally:
            await management.delete_vhost()


async def drain(
    channel: AbstractChannel, queue: str, *, expected: int, timeout: float = 20.0
) -> list[AbstractIncomingMessage]:
    """Consumes (and acks) messages from `queue` until `expected` have arrived.

    A consumer rather than basic.get: quorum queues with a single active consumer refuse gets.
    """
    received: list[AbstractIncomingMessage] = []
    declared = await channel.get_queue(queue, ensure=False)
    async with asyncio.timeout(timeout), declared.iterator() as messages:
        async for message in messages:
            await message.ack()
            received.append(message)
            if len(received) >= expected:
                break
    return received


async def open_channel(url: str) -> tuple[aio_pika.abc.AbstractRobustConnection, AbstractChannel]:
    connection = await aio_pika.connect_robust(url)
    return connection, await connection.channel(publisher_confirms=True)
