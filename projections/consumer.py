"""The projector as a handler of the consumer runtime: a batch of envelopes per transaction.

The runtime (consumers/runtime.py, in its batching mode) gathers the messages, decodes each
once, acks them after this handler returns and retries a failed batch one message at a time.
Every event reaches the `projections` queue (its binding is `#`), so a type the catalogue
lacks is never a routine skip: the runtime dead-letters it before any batch, where acking it
would lose it (or, folded as if known, move a stream's revision past it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from consumers.envelope import Envelope
from consumers.modes import InBatches
from consumers.process import Subscription
from projections.events import ProjectedEvent, from_envelope
from projections.projector import Projector
from schemas.events import DomainEvent

AfterCommit = Callable[[list[ProjectedEvent]], Awaitable[None]]
# Where the crash tests kill the projector: a batch committed, its messages not yet acked.
BEFORE_ACK = "projector.before_ack"
QUEUE = "projections"


async def _nothing(_: list[ProjectedEvent]) -> None:
    return None


class Projecting:
    """Applies each batch in one transaction, then runs `after_commit` (before the acks)."""

    def __init__(self, projector: Projector, *, after_commit: AfterCommit = _nothing) -> None:
        self._projector = projector
        self._after_commit = after_commit
        self.applied_events = 0

    async def __call__(self, envelopes: Sequence[Envelope[DomainEvent]]) -> None:
        events = [from_envelope(envelope) for envelope in envelopes]
        self.applied_events += await self._projector.apply(events)
        await self._after_commit(events)

    def subscription(self, *, max_batch: int = 500, linger: float = 0.005) -> Subscription:
        return Subscription(QUEUE, InBatches(self, max_batch, linger), fault_point=BEFORE_ACK)
