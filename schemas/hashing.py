"""The per-stream hash chain: each event's hash covers its content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from schemas.envelope import NewEvent, RecordedEvent

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def normalise_time(moment: datetime) -> datetime:
    """The store keeps microseconds in UTC; hash exactly what it will give back."""
    return moment.astimezone(UTC)


def chain_hash(
    stream_id: str, revision: int, event: NewEvent | RecordedEvent, prev_hash: str
) -> str:
    """SHA-256 over the canonical JSON of everything an event says, chained to `prev_hash`.

    The global `position` is left out on purpose: the database assigns it during the insert,
    after the hash must already be known. Reordering inside a stream still breaks the chain
    because `revision` and `prev_hash` are covered.
    """
    metadata = event.metadata
    document = {
        "event_id": str(event.event_id),
        "stream_id": stream_id,
        "type": event.type,
        "schema_version": event.schema_version,
        "revision": revision,
        "recorded_at": normalise_time(event.recorded_at).isoformat(timespec="microseconds"),
        "data": event.data,
        "metadata": {
            "correlation_id": metadata.correlation_id,
            "causation_id": metadata.causation_id,
            "actor": metadata.actor.model_dump(mode="json"),
        },
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(document)).hexdigest()


@dataclass(frozen=True)
class ChainLink:
    """Where a stream's chain stands after the last event that verified."""

    revision: int = -1
    hash: str = GENESIS_HASH
    position: int = 0


def link_problem(previous: ChainLink, event: RecordedEvent) -> str | None:
    """Why `event` does not continue the chain at `previous`; None when it does.

    The hash does not cover the global position (the database assigns it at insert), so the
    positions are checked apart: within a stream they must grow with the revision, or two
    events were reordered in the store.
    """
    expected = previous.revision + 1
    if event.revision != expected:
        return f"expected revision {expected}, found revision {event.revision}"
    if previous.revision >= 0 and event.position <= previous.position:
        return (
            f"position {event.position} is not after position {previous.position} "
            f"of revision {previous.revision}"
        )
    if event.metadata.prev_hash != previous.hash:
        return "prev_hash is not the hash of the event before"
    if event.metadata.hash != chain_hash(event.stream_id, event.revision, event, previous.hash):
        return "hash does not match the event's content"
    return None


def next_link(event: RecordedEvent) -> ChainLink:
    return ChainLink(event.revision, event.metadata.hash or "", event.position)


def chain_break(events: Iterable[RecordedEvent]) -> tuple[RecordedEvent, str] | None:
    """The first event of one stream (read forward from revision 0) whose link does not hold,
    with the reason."""
    link = ChainLink()
    for event in events:
        problem = link_problem(link, event)
        if problem is not None:
            return event, problem
        link = next_link(event)
    return None


def first_broken_link(events: Iterable[RecordedEvent]) -> RecordedEvent | None:
    """The first event of one stream (read forward from revision 0) whose chain does not hold."""
    broken = chain_break(events)
    return None if broken is None else broken[0]
