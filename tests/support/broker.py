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
    """Takes (and acks) messages from `queue` until `expected` have arrived."""
    received: list[AbstractIncomingMessage] = []
    declared = await channel.get_queue(queue, ensure=False)
    async with asyncio.timeout(timeout):
        while len(received) < expected:
            message = await declared.get(no_ack=False, fail=False)
            if message is None:
                await asyncio.sleep(0.02)
                continue
            await message.ack()
            received.append(message)
    return received


async def open_channel(url: str) -> tuple[aio_pika.abc.AbstractRobustConnection, AbstractChannel]:
    connection = await aio_pika.connect_robust(url)
    return connection, await connection.channel(publisher_confirms=True)
