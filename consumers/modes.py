"""How the runtime hands decoded messages to a handler: one at a time, or in batches."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from consumers.envelope import Envelope
from schemas.events import DomainEvent

EnvelopeHandler = Callable[[Envelope[DomainEvent]], Awaitable[None]]
BatchHandler = Callable[[Sequence[Envelope[DomainEvent]]], Awaitable[None]]

# Messages held ready per handler, so a handler never waits a broker round trip for its next.
PREFETCH_PER_HANDLER = 4


@dataclass(frozen=True)
class OneAtATime:
    """Each message on its own, up to `concurrency` handled side by side."""

    handle: EnvelopeHandler
    concurrency: int = 1

    @property
    def prefetch(self) -> int:
        return self.concurrency * PREFETCH_PER_HANDLER

    async def deliver(self, envelopes: Sequence[Envelope[DomainEvent]]) -> None:
        (envelope,) = envelopes
        await self.handle(envelope)


@dataclass(frozen=True)
class InBatches:
    """Up to `max_batch` messages per call, gathered until that many are in hand or none
    arrived for `linger` seconds; one batch at a time, so the log's order is kept.

    A batch that fails is handed over again one message at a time, so one bad event takes
    the retry ladder alone and the others go through: the handler must be idempotent per
    event (a projector that keeps each stream's last revision is)."""

    handle: BatchHandler
    max_batch: int = 500
    linger: float = 0.005

    @property
    def prefetch(self) -> int:
        return self.max_batch * 2

    async def deliver(self, envelopes: Sequence[Envelope[DomainEvent]]) -> None:
        await self.handle(envelopes)


Mode = OneAtATime | InBatches
