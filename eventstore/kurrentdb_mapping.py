"""Pure translation between our envelope and KurrentDB's events; no I/O here.

KurrentDB keeps its own `created` time and has no place for our schema version, so both travel
in the event's metadata JSON next to the correlation data and the hash chain.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

import kurrentdbclient as kdb
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eventstore.port import ANY, NO_STREAM, AppendResult
from schemas.envelope import Actor, EventMetadata, NewEvent, RecordedEvent
from schemas.hashing import GENESIS_HASH, chain_hash, normalise_time

JSON_CONTENT_TYPE: Final = "application/json"


class StoredMetadata(BaseModel):
    """The metadata JSON of every event this adapter writes; anything else is not ours."""

    model_config = ConfigDict(frozen=True)

    correlation_id: str
    causation_id: str | None = None
    actor: Actor
    prev_hash: str
    hash: str
    recorded_at: datetime
    schema_version: int = Field(ge=1)


def to_current_version(expected_revision: int) -> int | kdb.StreamState:
    """Our expected revision as KurrentDB's `current_version`."""
    if expected_revision >= 0:
        return expected_revision
    if expected_revision == NO_STREAM:
        return kdb.StreamState.NO_STREAM
    if expected_revision == ANY:
        return kdb.StreamState.ANY
    raise ValueError(f"not an expected revision: {expected_revision}")


def to_kurrent_event(event: NewEvent, *, prev_hash: str, hash_: str) -> kdb.NewEvent:
    """One of our events as KurrentDB will store it, its id being our `event_id`."""
    metadata = StoredMetadata(
        correlation_id=event.metadata.correlation_id,
        causation_id=event.metadata.causation_id,
        actor=event.metadata.actor,
        prev_hash=prev_hash,
        hash=hash_,
        recorded_at=normalise_time(event.recorded_at),
        schema_version=event.schema_version,
    )
    return kdb.NewEvent(
        type=event.type,
        data=_dump_json(event.data),
        metadata=metadata.model_dump_json().encode(),
        content_type=JSON_CONTENT_TYPE,
        id=event.event_id,
    )


def chain(
    stream_id: str, events: Sequence[NewEvent], *, last_revision: int, last_hash: str
) -> list[kdb.NewEvent]:
    """The events hashed into the stream's chain after the event at `last_revision`."""
    chained: list[kdb.NewEvent] = []
    prev_hash = last_hash
    for offset, event in enumerate(events, start=1):
        hash_ = chain_hash(stream_id, last_revision + offset, event, prev_hash)
        chained.append(to_kurrent_event(event, prev_hash=prev_hash, hash_=hash_))
        prev_hash = hash_
    return chained


def from_kurrent_event(recorded: kdb.RecordedEvent) -> RecordedEvent | None:
    """Our envelope for a KurrentDB event, or None when the event was not written by us."""
    if recorded.is_system_event or recorded.content_type != JSON_CONTENT_TYPE:
        return None
    try:
        stored = StoredMetadata.model_validate_json(recorded.metadata)
        data = json.loads(recorded.data)
    except (ValidationError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return RecordedEvent(
        event_id=recorded.id,
        stream_id=recorded.stream_name,
        type=recorded.type,
        schema_version=stored.schema_version,
        revision=recorded.stream_position,
        position=recorded.commit_position,
        recorded_at=stored.recorded_at,
        data=data,
        metadata=EventMetadata(
            correlation_id=stored.correlation_id,
            causation_id=stored.causation_id,
            actor=stored.actor,
            prev_hash=stored.prev_hash,
            hash=stored.hash,
        ),
    )


def ours(recorded: Sequence[kdb.RecordedEvent]) -> list[RecordedEvent]:
    return [event for event in map(from_kurrent_event, recorded) if event is not None]


def location(recorded: kdb.RecordedEvent) -> AppendResult:
    return AppendResult(revision=recorded.stream_position, position=recorded.commit_position)


def is_tail(tail: Sequence[kdb.RecordedEvent], events: Sequence[NewEvent]) -> bool:
    """Whether `tail`, a stream's last events read backwards, holds exactly `events` in order."""
    stored = [recorded.id for recorded in reversed(tail)]
    return bool(events) and stored == [event.event_id for event in events]


def last_hash(recorded: kdb.RecordedEvent | None) -> str:
    """The hash the next event of a stream chains to (GENESIS_HASH for an empty stream)."""
    ours = from_kurrent_event(recorded) if recorded is not None else None
    if ours is None or ours.metadata.hash is None:
        return GENESIS_HASH
    return ours.metadata.hash


def _dump_json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
