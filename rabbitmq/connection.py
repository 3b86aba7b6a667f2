"""Broker connections for the processes and tools, and how a process notices losing one.

The connections are plain, not aio-pika's robust ones: under repeated broker restarts a robust
connection's channel restore can fail half-way (seen in `dinner chaos`: the connection came
back, the projector's consumer did not, and the process sat idle with messages queued). A
long-running process instead runs its work under `while_connected` and exits when the
connection drops; its supervisor (`dinner run`, Docker, Kubernetes) starts it again, it
reconnects from scratch, and the broker redelivers whatever was left unacknowledged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

import aio_pika
from aio_pika.abc import AbstractConnection
from aiormq.exceptions import AMQPConnectionError
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

log = logging.getLogger(__name__)

T = TypeVar("T")


class BrokerLost(ConnectionError):
    """The broker connection closed under a running process."""


async def connect(url: str, *, name: str, wait_seconds: float = 60.0) -> AbstractConnection:
    """Connects, retrying while the broker is not up yet (as right after a restart)."""
    async for attempt in AsyncRetrying(
        retry=retry_if_exception_type((AMQPConnectionError, ConnectionError, OSError)),
        wait=wait_exponential(multiplier=0.2, max=5),
        stop=stop_after_delay(wait_seconds),
        reraise=True,
    ):
        with attempt:
            return await aio_pika.connect(url, client_properties={"connection_name": name})
    raise AssertionError("unreachable: tenacity reraises")


async def while_connected(connection: AbstractConnection, work: Awaitable[T]) -> T:
    """`work`'s result; if the connection closes first, `work` is cancelled and BrokerLost
    raised, so the process exits and is restarted rather than carrying on disconnected."""
    lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def on_close(*_: Any) -> None:
        if not lost.done():
            lost.set_result(None)

    connection.close_callbacks.add(on_close)
    task = asyncio.ensure_future(work)
    either: set[asyncio.Future[Any]] = {task, lost}
    try:
        await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
    finally:
        connection.close_callbacks.discard(on_close)
    if task.done():
        return task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    log.error("the broker connection closed; exiting so that a fresh process reconnects")
    raise BrokerLost("the broker connection closed")
