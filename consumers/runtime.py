"""The consumer runtime: one work queue, each message decoded once, an explicit outcome each.

success → ack · PermanentError, an undecodable or oversized body, or an event this code cannot
read → dead-letter queue, then ack ·
anything else → next retry queue (1 s, 2 s, 4 s), then ack; after the last retry → dead-letter.
Every republish is confirmed before the original is acked.

The mode decides how decoded messages reach the handler: one at a time with bounded
concurrency, or in batches (a failed batch is handed over again one message at a time).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractQueue

from consumers.batches import Batches
from consumers.envelope import Envelope, decoded
from consumers.errors import PermanentError
from consumers.modes import InBatches, Mode
from consumers.outcomes import Outcomes
from dinner.faults import NO_FAULTS, FaultPoints
from rabbitmq.messages import MAX_BODY_BYTES, UndecodableMessage
from rabbitmq.topology import WorkQueue
from schemas.events import DomainEvent
from schemas.registry import EventDecodingError

log = logging.getLogger(__name__)

UNREADABLE = (UndecodableMessage, EventDecodingError)
NEVER_SUCCEEDS = (PermanentError, *UNREADABLE)
# Where the crash tests kill a consumer: its effect done, its message not yet acked.
BEFORE_ACK = "consumer.before_ack"

Decoded = tuple[AbstractIncomingMessage, Envelope[DomainEvent]]


class QueueConsumer:
    def __init__(
        self,
        channel: AbstractChannel,
        queue: WorkQueue,
        mode: Mode,
        *,
        faults: FaultPoints = NO_FAULTS,
        fault_point: str = BEFORE_ACK,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._channel = channel
        self._queue = queue
        self._mode = mode
        self._faults = faults
        self._fault_point = fault_point
        self._max_body_bytes = max_body_bytes
        self._outcomes = Outcomes(channel, queue)
        # In batches, one flusher hands batches over in order; one at a time, each message
        # runs in the task the broker's delivery started, at most `concurrency` at once.
        self._batches: Batches | None = None
        self._slots = asyncio.Semaphore(1)
        if isinstance(mode, InBatches):
            self._batches = Batches(self._handle, max_batch=mode.max_batch, linger=mode.linger)
        else:
            self._slots = asyncio.Semaphore(mode.concurrency)
        self._in_flight: set[asyncio.Task[object]] = set()
        self._consuming: tuple[AbstractQueue, str] | None = None
        self.processed = 0

    async def start(self) -> None:
        await self._channel.set_qos(prefetch_count=self._mode.prefetch)
        queue = await self._channel.get_queue(self._queue.name, ensure=False)
        if self._batches is not None:
            self._batches.start()
        self._consuming = (queue, await queue.consume(self._on_message))

    async def stop(self, grace_seconds: float = 30.0) -> None:
        """Stop taking messages, let the ones in hand finish, then return."""
        if self._consuming is not None:
            queue, tag = self._consuming
            self._consuming = None
            await queue.cancel(tag)
        if self._batches is not None:
            await self._batches.stop()
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=grace_seconds)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        if self._batches is not None:
            self._batches.add(message)
            return
        task = asyncio.current_task()
        assert task is not None
        self._in_flight.add(task)
        try:
            async with self._slots:
                await self._handle([message])
        finally:
            self._in_flight.discard(task)

    async def _handle(self, messages: list[AbstractIncomingMessage]) -> None:
        """Decodes each message once, hands the readable ones over together, settles all."""
        readable: list[Decoded] = []
        for message in messages:
            try:
                readable.append((message, decoded(message, max_body_bytes=self._max_body_bytes)))
            except UNREADABLE as error:
                await self._settle_failed(message, error)
        if len(readable) > 1:
            try:
                await self._mode.deliver([envelope for _, envelope in readable])
            except Exception as error:  # one of them is bad: find which, alone
                name, size = self._queue.name, len(readable)
                log.warning("%s: batch of %d failed (%s); one by one now", name, size, error)
            else:
                await self._acked(readable)
                return
        for one in readable:
            await self._handle_one(one)

    async def _handle_one(self, one: Decoded) -> None:
        message, envelope = one
        try:
            await self._mode.deliver([envelope])
        except Exception as error:  # every failure has an outcome: see the module docstring
            await self._settle_failed(message, error)
        else:
            await self._acked([one])

    async def _acked(self, done: Sequence[Decoded]) -> None:
        self.processed += len(done)
        self._faults.hit(self._fault_point)
        for message, _ in done:
            await message.ack()

    async def _settle_failed(self, message: AbstractIncomingMessage, error: Exception) -> None:
        if isinstance(error, NEVER_SUCCEEDS):
            log.warning("%s: dead-lettering %s: %s", self._queue.name, message.message_id, error)
            await self._outcomes.dead_letter(message, error)
        else:
            await self._outcomes.failed(message, error)
        await message.ack()
