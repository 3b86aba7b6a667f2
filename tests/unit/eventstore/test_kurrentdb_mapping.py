"""The KurrentDB adapter's pure translation, checked without a server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import kurrentdbclient as kdb
import pytest

from eventstore.kurrentdb import KurrentDBEventStore
from eventstore.kurrentdb_mapping import chain, from_kurrent_event, last_hash, to_current_version
from eventstore.port import ANY, NO_STREAM, EventStore
from schemas.envelope import Actor, EventMetadata, NewEvent
from schemas.hashing import GENESIS_HASH, first_broken_link

STREAM = "order-1"


def new_event(number: int) -> NewEvent:
    return NewEvent(
        event_id=uuid4(),
        type="OrderPlaced",
        schema_version=2,
        data={"total": 1000 * number, "note": "김치"},
        metadata=EventMetadata(correlation_id="corr-1", actor=Actor(user_id="u1", role="customer")),
        recorded_at=datetime(2025, 2, 14, 19, 30, 0, 123456, tzinfo=timezone(timedelta(hours=9))),
    )


def as_recorded(
    new: kdb.NewEvent, revision: int, position: int, stream: str = STREAM
) -> kdb.RecordedEvent:
    """What the server gives back for an event it stored."""
    return kdb.RecordedEvent(
        type=new.type,
        data=new.data,
        metadata=new.metadata,
        content_type=new.content_type,
        id=new.id,
        stream_name=stream,
        stream_position=revision,
        commit_position=position,
        prepare_position=position,
    )


def foreign(event_type: str, metadata: bytes) -> kdb.RecordedEvent:
    return as_recorded(kdb.NewEvent(type=event_type, data=b"{}", metadata=metadata), 0, 7)


@pytest.mark.parametrize(
    ("expected", "current"),
    [(0, 0), (5, 5), (NO_STREAM, kdb.StreamState.NO_STREAM), (ANY, kdb.StreamState.ANY)],
)
def test_expected_revision_maps_to_current_version(
    expected: int, current: int | kdb.StreamState
) -> None:
    assert to_current_version(expected) == current


def test_nonsense_expected_revision_is_refused() -> None:
    with pytest.raises(ValueError):
        to_current_version(-3)


def test_new_event_keeps_our_id_type_and_json() -> None:
    event = new_event(1)
    (stored,) = chain(STREAM, [event], last_revision=NO_STREAM, last_hash=GENESIS_HASH)
    assert stored.id == event.event_id
    assert stored.type == "OrderPlaced"
    assert stored.content_type == "application/json"
    assert json.loads(stored.data) == event.data
    metadata = json.loads(stored.metadata)
    assert metadata["prev_hash"] == GENESIS_HASH
    assert metadata["schema_version"] == 2
    assert datetime.fromisoformat(metadata["recorded_at"]) == event.recorded_at


def test_round_trip_keeps_the_envelope_and_a_valid_chain() -> None:
    events = [new_event(1), new_event(2), new_event(3)]
    stored = chain(STREAM, events, last_revision=NO_STREAM, last_hash=GENESIS_HASH)
    recorded = [as_recorded(new, revision, 100 + revision) for revision, new in enumerate(stored)]
    envelopes = [from_kurrent_event(r) for r in recorded]
    assert all(envelope is not None for envelope in envelopes)
    ours = [envelope for envelope in envelopes if envelope is not None]
    assert [e.revision for e in ours] == [0, 1, 2]
    assert [e.position for e in ours] == [100, 101, 102]
    assert [e.event_id for e in ours] == [e.event_id for e in events]
    assert ours[1].stream_id == STREAM
    assert ours[1].schema_version == 2
    assert ours[1].data == events[1].data
    assert ours[1].recorded_at == events[1].recorded_at.astimezone(UTC)
    assert ours[1].metadata.prev_hash == ours[0].metadata.hash
    assert first_broken_link(ours) is None
    assert last_hash(recorded[-1]) == ours[-1].metadata.hash


def test_chain_continues_after_the_last_stored_event() -> None:
    first = chain(STREAM, [new_event(1)], last_revision=NO_STREAM, last_hash=GENESIS_HASH)
    head = as_recorded(first[0], 0, 10)
    second = chain(STREAM, [new_event(2)], last_revision=0, last_hash=last_hash(head))
    ours = [from_kurrent_event(head), from_kurrent_event(as_recorded(second[0], 1, 11))]
    assert first_broken_link([e for e in ours if e is not None]) is None


def test_events_not_written_by_us_are_skipped() -> None:
    assert from_kurrent_event(foreign("$metadata", b"")) is None
    assert from_kurrent_event(foreign("OrderPlaced", b"")) is None
    assert from_kurrent_event(foreign("OrderPlaced", b'{"correlation_id": "x"}')) is None
    assert last_hash(None) == GENESIS_HASH


def test_adapter_satisfies_the_port() -> None:
    store: type[EventStore] = KurrentDBEventStore
    assert store is KurrentDBEventStore
