"""Decoding once: a recorded event becomes a typed envelope at its current version, or an
error the consumer runtime dead-letters; the projector folds what the envelope already holds."""

from __future__ import annotations

from typing import Any

import pytest

from consumers.envelope import opened
from consumers.runtime import NEVER_SUCCEEDS
from projections.events import from_envelope, projected
from schemas.envelope import RecordedEvent
from schemas.events import OrderPlaced
from schemas.registry import InvalidEventData, UnknownEventType, UnsupportedSchemaVersion
from schemas.streams import StreamId
from tests.unit.factories import ORDER_ID, placed, recorded

STREAM = StreamId.order(ORDER_ID)


def stored_as_v1(event: OrderPlaced) -> RecordedEvent:
    """`event` as version 1 stored it: the delivery in two flat fields."""
    (current,) = recorded([event], STREAM)
    data: dict[str, Any] = dict(current.data)
    delivery = data.pop("delivery")
    data |= {"delivery_address": delivery["address"], "delivery_time": delivery["requested_for"]}
    return current.model_copy(update={"schema_version": 1, "data": data})


def test_a_v1_event_arrives_upcast_to_the_current_version_and_typed() -> None:
    event = placed()
    old = stored_as_v1(event)
    envelope = opened(old)
    assert isinstance(envelope.event, OrderPlaced)
    assert envelope.event == event
    assert envelope.event.delivery.address == event.delivery.address
    assert envelope.schema_version == 2
    assert envelope.event_id == old.event_id
    assert (envelope.stream_id, envelope.type) == (STREAM, "OrderPlaced")
    assert (envelope.revision, envelope.position) == (old.revision, old.position)
    assert envelope.recorded_at == old.recorded_at
    assert envelope.metadata == old.metadata
    assert envelope.category == "order"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"type": "OrderTeleported"}, UnknownEventType),
        ({"data": {"unexpected": True}}, InvalidEventData),
        ({"schema_version": 1, "data": {"order_id": "x"}}, InvalidEventData),  # no v1 delivery
        ({"schema_version": 99}, UnsupportedSchemaVersion),
    ],
)
def test_what_cannot_become_an_event_raises_an_error_the_runtime_dead_letters(
    change: dict[str, Any], error: type[Exception]
) -> None:
    (good,) = recorded([placed()], STREAM)
    with pytest.raises(error) as raised:
        opened(good.model_copy(update=change))
    assert isinstance(raised.value, NEVER_SUCCEEDS)


def test_the_projector_folds_the_payload_the_envelope_decoded_as_the_store_path_does() -> None:
    old = stored_as_v1(placed())
    live = from_envelope(opened(old))
    assert live == projected(old)
    assert live.data["delivery"]["address"] == "1 Main St, Seoul"
