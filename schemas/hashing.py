"""The per-stream hash chain: each event's hash covers its content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
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


def first_broken_link(events: Iterable[RecordedEvent]) -> RecordedEvent | None:
    """The first event of one stream (read forward from revision 0) whose chain does not hold."""
    expected_prev = GENESIS_HASH
    for expected_revision, event in enumerate(events):
        metadata = event.metadata
        if (
            event.revision != expected_revision
            or metadata.prev_hash != expected_prev
            or metadata.hash != chain_hash(event.stream_id, event.revision, event, expected_prev)
        ):
            return event
        expected_prev = metadata.hash
    return None
