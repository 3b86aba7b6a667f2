"""Hash-chain verification of one stream, or of the whole store in one pass.

The whole store is read once in position order, keeping where each stream's chain stands;
within a stream the positions must grow with the revisions, so two events swapped in the
database show as a revision out of place. One stream is read in revision order. Either way
the first broken link reported is the one at the lowest position, with the reason.

A chain cannot show that its newest events were cut off (the rest still links up); that
needs a head kept elsewhere to compare with, such as the read models' applied revisions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Literal

from pydantic import BaseModel

from eventstore.port import EventStore
from query_api.audit_log import PAGE, AuditLog, pages
from schemas.envelope import RecordedEvent
from schemas.hashing import ChainLink, link_problem, next_link

Progress = Callable[[int], None]  # the position reached


class BrokenLink(BaseModel):
    stream_id: str
    revision: int
    position: int
    reason: str


class Verification(BaseModel):
    ok: bool
    streams_checked: int
    events_checked: int
    first_broken: BrokenLink | None


class ChainVerifier:
    """Fed events in position order (or one stream in revision order), across any streams."""

    def __init__(self) -> None:
        self._links: dict[str, ChainLink | Literal["broken"]] = {}
        self.events_checked = 0
        self.first_broken: BrokenLink | None = None

    def feed(self, events: Iterable[RecordedEvent]) -> None:
        for event in events:
            self.events_checked += 1
            link = self._links.get(event.stream_id, ChainLink())
            if link == "broken":
                continue  # after a break, a stream's later links say nothing new
            problem = link_problem(link, event)
            if problem is None:
                self._links[event.stream_id] = next_link(event)
                continue
            self._links[event.stream_id] = "broken"
            if self.first_broken is None or event.position < self.first_broken.position:
                self.first_broken = BrokenLink(
                    stream_id=event.stream_id,
                    revision=event.revision,
                    position=event.position,
                    reason=problem,
                )

    def result(self) -> Verification:
        return Verification(
            ok=self.first_broken is None,
            streams_checked=len(self._links),
            events_checked=self.events_checked,
            first_broken=self.first_broken,
        )


async def verify_store(
    log: AuditLog, progress: Progress = lambda position: None, page: int = PAGE
) -> Verification:
    verifier = ChainVerifier()
    async for batch in pages(log, 0, page):
        await asyncio.to_thread(verifier.feed, batch)  # hashing is CPU work: off the loop
        progress(batch[-1].position)
    return verifier.result()


async def verify_stream(store: EventStore, stream_id: str, page: int = PAGE) -> Verification:
    verifier = ChainVerifier()
    from_revision = 0
    while batch := await store.read_stream(stream_id, from_revision=from_revision, limit=page):
        await asyncio.to_thread(verifier.feed, batch)
        from_revision = batch[-1].revision + 1
    return verifier.result()
