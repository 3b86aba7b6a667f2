"""Properties of the order decider over random command sequences with real menus and actors."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import event as label
from hypothesis import strategies as st

from domain import ORDER, fold
from domain.errors import DomainError
from schemas.commands import PlaceOrder
from schemas.events import OrderItemsChanged, OrderPaid, OrderPlaced
from schemas.registry import from_recorded
from schemas.streams import StreamId
from schemas.values import MenuState, RequestedLine
from schemas.vocabulary import TERMINAL_ORDER_STATUSES
from tests.unit.factories import ORDER_ID, T0, recorded
from tests.unit.strategies import deliveries, menus, order_commands

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def run(data, steps):
    """Decide each drawn command against the folded history; refusals leave it unchanged."""
    events, now = [], T0
    for _ in range(steps):
        now += timedelta(minutes=data.draw(st.integers(0, 90)))
        state = fold(ORDER, events)
        command = data.draw(order_commands(state, now))
        try:
            new = ORDER.decide(command, state)
        except DomainError as error:
            assert error.http_status in {403, 404, 409, 422}
            assert error.code and error.message
            continue
        if state.status in TERMINAL_ORDER_STATUSES:
            assert new == [], f"{type(command).__name__} after {state.status}"
        events.extend(new)
    return events


@PROPERTY_SETTINGS
@given(st.data(), st.integers(1, 40))
def test_random_command_sequences_keep_the_invariants(data, steps):
    events = run(data, steps)
    label(f"final status: {fold(ORDER, events).status}")

    assert sum(isinstance(e, OrderPaid) for e in events) <= 1
    for index in range(len(events)):
        state = fold(ORDER, events[: index + 1])
        assert state.total == sum(line.line_total for line in state.lines)
        if index + 1 < len(events):
            assert state.status not in TERMINAL_ORDER_STATUSES, "an event followed a terminal state"
        if isinstance(events[index], OrderPaid):
            assert events[index].amount == fold(ORDER, events[:index]).total
    for event in events:
        if isinstance(event, OrderPlaced | OrderItemsChanged):
            assert event.total == sum(line.line_total for line in event.lines)
            assert all(line.line_total == line.unit_price * line.quantity for line in event.lines)


@PROPERTY_SETTINGS
@given(st.data(), st.integers(1, 25))
def test_folding_is_deterministic_and_survives_the_store(data, steps):
    events = run(data, steps)
    stored = recorded(events, StreamId.order(ORDER_ID))
    replayed = [from_recorded(r) for r in stored]

    assert replayed == events
    assert fold(ORDER, events) == fold(ORDER, events) == fold(ORDER, replayed)


@st.composite
def placed_events(draw):
    """An OrderPlaced that a valid PlaceOrder produces, with varied lines, zones and addresses."""
    prices = draw(menus())
    items = st.sampled_from(
        [e.model_copy(update={"available": True}) for e in prices.items.values()]
    )
    entries = draw(st.lists(items, min_size=1, max_size=20))
    requested = tuple(
        RequestedLine(
            menu_item_id=entry.menu_item_id,
            quantity=draw(st.integers(1, 99)),
            serving_style=draw(st.none() | st.sampled_from(entry.serving_styles))
            if entry.kind == "dinner"
            else None,
        )
        for entry in entries
    )
    delivery = draw(deliveries(T0).filter(lambda d: d.address.strip() and d.requested_for >= T0))
    menu = MenuState(items={entry.menu_item_id: entry for entry in entries})
    command = PlaceOrder(
        order_id=ORDER_ID, customer_id="c", lines=requested, delivery=delivery, menu=menu, at=T0
    )
    (event,) = ORDER.decide(command, ORDER.initial_state())
    return event


@settings(deadline=None)
@given(placed_events())
def test_an_upcast_v1_order_placed_folds_like_the_v2_event(event):
    (stored,) = recorded([event], StreamId.order(ORDER_ID))
    data = dict(stored.data)
    delivery = data.pop("delivery")
    v1 = data | {
        "delivery_address": delivery["address"],
        "delivery_time": delivery["requested_for"],
    }
    old = stored.model_copy(update={"schema_version": 1, "data": v1})

    assert from_recorded(old) == event
    assert fold(ORDER, [from_recorded(old)]) == fold(ORDER, [event])
