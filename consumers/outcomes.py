"""Where a message goes when its handler failed: the next retry queue, or the dead-letter queue.

Both are confirmed publishes through the default exchange straight to the one queue meant;
the caller acks the original only afterwards, so a crash in between duplicates a message
(handlers are idempotent) and never loses one.
"""

from __future__ import annotations

import logging
import traceback
from datetime import UTC, datetime
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from rabbitmq import headers as h
from rabbitmq.topology import RETRY_DELAYS_SECONDS, WorkQueue

MAX_HEADER_TEXT = 2000

log = logging.getLogger(__name__)


def retries_so_far(message: AbstractIncomingMessage) -> int:
    value = (message.headers or {}).get(h.RETRY_COUNT, 0)
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else 0


def original_routing_key(message: AbstractIncomingMessage) -> str:
    value = (message.headers or {}).get(h.ORIGINAL_ROUTING_KEY)
    return str(value) if value else str(message.routing_key or "")


def _copy(message: AbstractIncomingMessage, extra_headers: dict[str, Any]) -> aio_pika.Message:
    return aio_pika.Message(
        body=message.body,
        headers={**(message.headers or {}), **extra_headers},
        content_type=message.content_type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=message.message_id,
        type=message.type,
    )


def _summary(error: BaseException) -> str:
    frames = traceback.format_exception(type(error), error, error.__traceback__, limit=-4)
    return "".join(frames)[-MAX_HEADER_TEXT:]


class Outcomes:
    def __init__(self, channel: AbstractChannel, queue: WorkQueue) -> None:
        self._channel = channel
        self._queue = queue

    @property
    def max_retries(self) -> int:
        return len(RETRY_DELAYS_SECONDS)

    async def failed(self, message: AbstractIncomingMessage, error: BaseException) -> None:
        """The next retry queue, or the dead-letter queue once the ladder is climbed."""
        if retries_so_far(message) >= self.max_retries:
            name = self._queue.name
            log.warning("%s: %s failed its last retry: %s", name, message.message_id, error)
            await self.dead_letter(message, error)
        else:
            log.info("%s: %s will be retried: %s", self._queue.name, message.message_id, error)
            await self.retry(message, error)

    async def retry(self, message: AbstractIncomingMessage, error: BaseException) -> None:
        attempt = retries_so_far(message) + 1
        copy = _copy(
            message,
            {
                h.RETRY_COUNT: attempt,
                h.ORIGINAL_ROUTING_KEY: original_routing_key(message),
                h.LAST_ERROR: str(error)[:MAX_HEADER_TEXT],
            },
        )
        await self._channel.default_exchange.publish(copy, self._queue.retry_queue(attempt))

    async def dead_letter(self, message: AbstractIncomingMessage, error: BaseException) -> None:
        copy = _copy(
            message,
            {
                h.ERROR: str(error)[:MAX_HEADER_TEXT] or type(error).__name__,
                h.ERROR_TYPE: type(error).__name__,
                h.TRACEBACK: _summary(error),
                h.ATTEMPTS: retries_so_far(message) + 1,
                h.ORIGINAL_ROUTING_KEY: original_routing_key(message),
                h.QUEUE: self._queue.name,
                h.FAILED_AT: datetime.now(UTC).isoformat(),
            },
        )
        await self._channel.default_exchange.publish(copy, self._queue.dead_letter_queue)
