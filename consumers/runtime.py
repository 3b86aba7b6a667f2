"""The consumer runtime: one work queue, bounded concurrency, an explicit outcome per message.

success → ack · PermanentError, an undecodable or oversized body, or an event this code cannot
read → dead-letter queue, then ack ·
anything else → next retry queue (1 s, 2 s, 4 s), then ack; after the last retry → dead-letter.
Every republish is confirmed before the original is acked.
"""

from __future__ import annotations

import asyncio
import logging

from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractQueue

from consumers.errors import PermanentError
from consumers.outcomes import Outcomes
from consumers.registry import HandlerRegistry
from dinner.faults import NO_FAULTS, FaultPoints
from rabbitmq.messages import MAX_BODY_BYTES, UndecodableMessage, from_message
from rabbitmq.topology import WorkQueue
from schemas.registry import EventDecodingError

log = logging.getLogger(__name__)

NEVER_SUCCEEDS = (PermanentError, UndecodableMessage, EventDecodingError)
# Messages held ready per handler, so a handler never waits a broker round trip for its next.
PREFETCH_PER_HANDLER = 4


class QueueConsumer:
    def __init__(
        self,
        channel: AbstractChannel,
        queue: WorkQueue,
        handlers: HandlerRegistry,
        *,
        concurrency: int = 1,
        faults: FaultPoints = NO_FAULTS,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._channel = channel
        self._queue = queue
        self._handlers = handlers
        self._concurrency = concurrency
        self._max_body_bytes = max_body_bytes
        self._faults = faults
        self._outcomes = Outcomes(channel, queue)
        self._slots = asyncio.Semaphore(concurrency)
        self._in_flight: set[asyncio.Task[None]] = set()
        self._consuming: tuple[AbstractQueue, str] | None = None
        self.processed = 0

    async def start(self) -> None:
        await self._channel.set_qos(prefetch_count=self._concurrency * PREFETCH_PER_HANDLER)
        queue = await self._channel.get_queue(self._queue.name, ensure=False)
        tag = await queue.consume(self._on_message)
        self._consuming = (queue, tag)

    async def stop(self, grace_seconds: float = 30.0) -> None:
        """Stop taking messages, let the ones in hand finish, then return."""
        if self._consuming is not None:
            queue, tag = self._consuming
            self._consuming = None
            await queue.cancel(tag)
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=grace_seconds)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._in_flight.add(task)
        try:
            async with self._slots:
                await self._process(message)
        finally:
            self._in_flight.discard(task)

    async def _process(self, message: AbstractIncomingMessage) -> None:
        try:
            event = from_message(message, max_body_bytes=self._max_body_bytes)
            await self._handlers.dispatch(event)
        except NEVER_SUCCEEDS as error:
            log.warning("%s: dead-lettering %s: %s", self._queue.name, message.message_id, error)
            await self._outcomes.dead_letter(message, error)
        except Exception as error:  # every other failure climbs the ladder
            await self._outcomes.failed(message, error)
        else:
            self.processed += 1
            self._faults.hit("consumer.before_ack")
        await message.ack()
