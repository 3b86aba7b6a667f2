"""Dead-letter queue operations behind `dinner dlq list|show|replay|purge`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from rabbitmq import headers as h
from rabbitmq.management import Management
from rabbitmq.topology import Topology

# Headers that belong to one trip through the ladder; a replay starts a fresh one.
_TRIP_HEADERS = {h.RETRY_COUNT, h.LAST_ERROR, h.BROKER_DEATHS, "x-delivery-count"}


@dataclass(frozen=True)
class DeadLetter:
    message_id: str | None
    event_type: str | None
    reason: str
    attempts: int | None
    original_routing_key: str | None
    failed_at: str | None
    traceback: str | None
    body: bytes


def reason_of(headers: dict[str, Any]) -> str:
    if h.ERROR in headers:
        return f"{headers.get(h.ERROR_TYPE, 'Error')}: {headers[h.ERROR]}"
    deaths = headers.get(h.BROKER_DEATHS) or []
    if deaths and isinstance(deaths[0], dict):
        return f"broker: {deaths[0].get('reason', 'dead-lettered')}"
    return "unknown"


def describe(message: AbstractIncomingMessage) -> DeadLetter:
    headers = dict(message.headers or {})
    attempts = headers.get(h.ATTEMPTS)
    return DeadLetter(
        message_id=message.message_id,
        event_type=message.type,
        reason=reason_of(headers),
        attempts=int(attempts) if isinstance(attempts, int) else None,
        original_routing_key=_text(headers.get(h.ORIGINAL_ROUTING_KEY)),
        failed_at=_text(headers.get(h.FAILED_AT)),
        traceback=_text(headers.get(h.TRACEBACK)),
        body=message.body,
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


async def dead_letter_depths(management: Management, topology: Topology) -> dict[str, int]:
    """Messages in each work queue's dead-letter queue, from the management API.

    Quorum queues report no count on a passive declare, and the management API's figures
    are as old as its statistics interval (5 s by default): good for an operator's table.
    """
    by_name = {q["name"]: q for q in await management.queues()}
    return {
        work.name: int(by_name.get(work.dead_letter_queue, {}).get("messages", 0) or 0)
        for work in topology.work_queues
    }


class DeadLetters:
    def __init__(self, channel: AbstractChannel, topology: Topology) -> None:
        self._channel = channel
        self._topology = topology

    async def count(self, work_queue: str, limit: int = 10_000) -> int:
        """An exact count, by reading the dead letters and putting them back."""
        taken = await self._take(work_queue, limit)
        for message in taken:
            await message.nack(requeue=True)
        return len(taken)

    async def peek(self, work_queue: str, limit: int) -> list[DeadLetter]:
        """Reads up to `limit` dead letters and puts them back (behind the rest, on 3.10)."""
        taken = await self._take(work_queue, limit)
        for message in taken:
            await message.nack(requeue=True)
        return [describe(m) for m in taken]

    async def reasons(self, work_queue: str, limit: int = 1000) -> Counter[str]:
        return Counter(letter.reason for letter in await self.peek(work_queue, limit))

    async def replay(self, work_queue: str, limit: int | None = None) -> int:
        """Moves dead letters back to their work queue (confirmed first, then removed)."""
        work = self._topology.queue(work_queue)
        replayed = 0
        while limit is None or replayed < limit:
            message = await self._get(work.dead_letter_queue)
            if message is None:
                break
            headers = {k: v for k, v in (message.headers or {}).items() if k not in _TRIP_HEADERS}
            copy = aio_pika.Message(
                body=message.body,
                headers=headers,
                content_type=message.content_type,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                message_id=message.message_id,
                type=message.type,
            )
            await self._channel.default_exchange.publish(copy, work.name)
            await message.ack()
            replayed += 1
        return replayed

    async def purge(self, work_queue: str) -> int:
        work = self._topology.queue(work_queue)
        queue = await self._channel.declare_queue(work.dead_letter_queue, passive=True)
        result = await queue.purge()
        return int(result.message_count or 0)

    async def _take(self, work_queue: str, limit: int) -> list[AbstractIncomingMessage]:
        name = self._topology.queue(work_queue).dead_letter_queue
        taken: list[AbstractIncomingMessage] = []
        while len(taken) < limit and (message := await self._get(name)) is not None:
            taken.append(message)
        return taken

    async def _get(self, queue_name: str) -> AbstractIncomingMessage | None:
        queue = await self._channel.get_queue(queue_name, ensure=False)
        return await queue.get(no_ack=False, fail=False)
