"""Broker connections: robust (they reconnect by themselves), with confirms on every channel."""

from __future__ import annotations

import logging

import aio_pika
from aio_pika.abc import AbstractRobustConnection
from aiormq.exceptions import AMQPConnectionError
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

log = logging.getLogger(__name__)


async def connect(url: str, *, name: str, wait_seconds: float = 60.0) -> AbstractRobustConnection:
    """Connects, retrying while the broker is not up yet (as right after a restart)."""
    async for attempt in AsyncRetrying(
        retry=retry_if_exception_type((AMQPConnectionError, ConnectionError, OSError)),
        wait=wait_exponential(multiplier=0.2, max=5),
        stop=stop_after_delay(wait_seconds),
        reraise=True,
    ):
        with attempt:
            return await aio_pika.connect_robust(url, client_properties={"connection_name": name})
    raise AssertionError("unreachable: tenacity reraises")
