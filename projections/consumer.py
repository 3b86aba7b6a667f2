"""The projector's consumer: many messages per transaction under load, one at a time on failure.

Messages are buffered until `max_batch` are in hand or none arrived for `linger` seconds,
applied in one transaction, and only then acked. If the batch fails, each message is tried
on its own so one bad event takes the retry ladder alone and the others go through.

A message that cannot be read (an oversized or undecodable body, a type outside the event
catalogue, a payload off its schema) goes to the dead-letter queue before any batch: the
`#` binding brings every event here, so a type the catalogue lacks is never a routine skip,
and acking it would lose it (or, folded as if known, move a stream's revision past it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractQueue

from consumers.outcomes import Outcomes
from dinner.faults import NO_FAULTS, FaultPoints
from projections.events import ProjectedEvent, projected
from projections.projector import Projector
from rabbitmq.messages import MAX_BODY_BYTES, UndecodableMessage, from_message
from rabbitmq.topology import WorkQueue
from schemas.registry import EventDecodingError, from_recorded

log = logging.getLogger(__name__)

AfterCommit = Callable[[list[ProjectedEvent]], Awaitable[None]]


async def _nothing(_: list[ProjectedEvent]) -> None:
    return None


class BatchingConsumer:
    def __init__(
        self,
        channel: AbstractChannel,
        queue: WorkQueue,
        projector: Projector,
        *,
        max_batch: int = 500,
        linger: float = 0.005,
        after_commit: AfterCommit = _nothing,
        faults: FaultPoints = NO_FAULTS,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._channel = channel
        self._queue = queue
        self._projector = projector
        self._max_batch = max_batch
        self._linger = linger
        self._after_commit = after_commit
        self._faults = faults
        self._max_body_bytes = max_body_bytes
        self._outcomes = Outcomes(channel, queue)
        self._buffer: list[AbstractIncomingMessage] = []
        self._arrived = asyncio.Event()
        self._consuming: tuple[AbstractQueue, str] | None = None
        self._flusher: asyncio.Task[None] | None = None
        self.applied_events = 0

    async def start(self) -> None:
        await self._channel.set_qos(prefetch_count=self._max_batch * 2)
        queue = await self._channel.get_queue(self._queue.name, ensure=False)
        self._consuming = (queue, await queue.consume(self._on_message))
        self._flusher = asyncio.create_task(self._flush_forever())

    async def stop(self) -> None:
        if self._consuming is not None:
            queue, tag = self._consuming
            self._consuming = None
            await queue.cancel(tag)
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        if self._buffer:
            await self._process(self._take())

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        self._buffer.append(message)
        self._arrived.set()

    def _take(self) -> list[AbstractIncomingMessage]:
        batch, self._buffer = self._buffer[: self._max_batch], self._buffer[self._max_batch :]
        if not self._buffer:
            self._arrived.clear()
        return batch

    async def _flush_forever(self) -> None:
        while True:
            await self._arrived.wait()
            size = len(self._buffer)
            while size < self._max_batch:
                await asyncio.sleep(self._linger)
                if len(self._buffer) == size:
                    break
                size = len(self._buffer)
            await asyncio.shield(self._process(self._take()))

    async def _process(self, messages: list[AbstractIncomingMessage]) -> None:
        decoded: list[tuple[AbstractIncomingMessage, ProjectedEvent]] = []
        for message in messages:
            try:
                decoded.append((message, self._decoded(message)))
            except (UndecodableMessage, EventDecodingError) as error:
                log.warning("dead-lettering %s: %s", message.message_id, error)
                await self._outcomes.dead_letter(message, error)
                await message.ack()
        if not decoded:
            return
        try:
            await self._commit([event for _, event in decoded])
        except Exception as error:  # one of them is bad: find which, alone
            log.warning("batch of %d failed (%s); applying one by one", len(decoded), error)
            for message, event in decoded:
                await self._one(message, event)
            return
        self._faults.hit("projector.before_ack")
        for message, _ in decoded:
            await message.ack()

    def _decoded(self, message: AbstractIncomingMessage) -> ProjectedEvent:
        event = from_message(message, max_body_bytes=self._max_body_bytes)
        from_recorded(event)  # validation only: the models fold the plain payload
        return projected(event)

    async def _one(self, message: AbstractIncomingMessage, event: ProjectedEvent) -> None:
        try:
            await self._commit([event])
        except Exception as error:
            await self._outcomes.failed(message, error)
        await message.ack()

    async def _commit(self, events: list[ProjectedEvent]) -> None:
        self.applied_events += await self._projector.apply(events)
        await self._after_commit(events)
