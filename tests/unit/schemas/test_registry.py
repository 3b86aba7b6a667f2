"""Event type names, envelopes, decoding, upcasting, streams and routing keys."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain import ORDER, fold
from schemas.events import OrderPlaced
from schemas.registry import (
    EVENT_CLASSES,
    InvalidEventData,
    UnknownEventType,
    UnsupportedSchemaVersion,
    decode_event,
    from_recorded,
    routing_key,
)
from schemas.streams import MENU_STREAM, StreamId
from schemas.upcasting import upcast
from tests.unit.factories import ORDER_ID, placed, recorded
from tests.unit.samples import one_of_each

DESIGN_TYPES = {
    "OrderPlaced", "OrderItemsChanged", "OrderPaid", "OrderConfirmed", "OrderRejected",
    "CookingStarted", "OrderReady", "OrderDispatched", "OrderDelivered", "OrderCancelled",
    "CakeDesignRequested", "CakeDesignGenerated", "CakeDesignFailed", "VoiceOrderSubmitted",
    "VoiceTranscribed", "VoiceOrderInterpreted", "VoiceOrderAccepted", "VoiceOrderFailed",
    "MenuItemAdded", "MenuItemChanged", "UserRegistered", "UserRoleChanged",
    "UserPasswordChanged", "UserDisabled", "UserEnabled",
}  # fmt: skip


def v1_payload(event: OrderPlaced) -> dict:
    data = event.model_dump(mode="json")
    delivery = data.pop("delivery")
    return data | {
        "delivery_address": delivery["address"],
        "delivery_time": delivery["requested_for"],
    }


def test_the_catalogue_matches_the_design():
    assert set(EVENT_CLASSES) == DESIGN_TYPES
    assert all(name == cls.event_type == cls.__name__ for name, cls in EVENT_CLASSES.items())
    assert EVENT_CLASSES["OrderPlaced"].schema_version == 2


def test_every_event_survives_the_envelope_round_trip():
    events = one_of_each()
    assert {event.event_type for event in events} == DESIGN_TYPES
    stored = recorded(events, StreamId.order(ORDER_ID))
    assert [from_recorded(r) for r in stored] == events
    assert [(r.type, r.schema_version) for r in stored] == [
        (e.event_type, e.schema_version) for e in events
    ]


def test_an_unknown_type_is_refused_clearly():
    (stored,) = recorded([placed()], StreamId.order(ORDER_ID))
    with pytest.raises(UnknownEventType, match="OrderTeleported"):
        from_recorded(stored.model_copy(update={"type": "OrderTeleported"}))


def test_a_newer_version_than_the_code_knows_is_refused():
    with pytest.raises(UnsupportedSchemaVersion):
        decode_event("OrderPlaced", 3, placed().model_dump(mode="json"))


def test_a_payload_that_breaks_its_schema_is_refused():
    with pytest.raises(InvalidEventData):
        decode_event("OrderPaid", 1, {"amount": "lots"})


def test_order_placed_v1_is_upcast_to_v2():
    event = placed()
    version, data = upcast("OrderPlaced", 1, v1_payload(event))
    assert version == 2
    assert data == event.model_dump(mode="json")
    assert decode_event("OrderPlaced", 1, v1_payload(event)) == event


def test_upcasting_leaves_current_versions_alone():
    data = {"at": "2026-05-01T17:00:00+00:00"}
    assert upcast("OrderConfirmed", 1, data) == (1, data)
    assert upcast("OrderPlaced", 2, data) == (2, data)


def test_an_upcast_v1_history_folds_like_v2():
    event = placed()
    (stored,) = recorded([event], StreamId.order(ORDER_ID))
    old = stored.model_copy(update={"schema_version": 1, "data": v1_payload(event)})
    assert fold(ORDER, [from_recorded(old)]) == fold(ORDER, [event])


def test_streams_categories_and_routing_keys():
    voice_id = UUID("00000000-0000-4000-8000-0000000000b1")
    assert StreamId.order(ORDER_ID) == f"order-{ORDER_ID}"
    assert StreamId.voice_order(voice_id) == f"voice-{voice_id}"
    streams = (StreamId.order(ORDER_ID), StreamId.voice_order(voice_id), MENU_STREAM)
    assert [StreamId.category_of(s) for s in streams] == ["order", "voice", "menu"]
    (stored,) = recorded([placed()], StreamId.order(ORDER_ID))
    assert routing_key(stored) == "order.OrderPlaced"
    assert routing_key(stored.model_copy(update={"stream_id": MENU_STREAM})) == "menu.OrderPlaced"


def test_fold_refuses_an_event_of_another_aggregate():
    menu_event = one_of_each()[-1]
    with pytest.raises(TypeError, match="order"):
        fold(ORDER, [menu_event])
