"""Builders for commands, events and histories used by the unit specs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain import MENU, ORDER
from domain.menu import seed_commands
from schemas.commands import PlaceOrder
from schemas.envelope import Actor, EventMetadata, RecordedEvent
from schemas.events import (
    CookingStarted,
    DomainEvent,
    OrderCancelled,
    OrderConfirmed,
    OrderDelivered,
    OrderDispatched,
    OrderEvent,
    OrderPaid,
    OrderPlaced,
    OrderReady,
    OrderRejected,
)
from schemas.registry import to_new_event
from schemas.values import Delivery, MenuState, RequestedLine

T0 = datetime(2026, 5, 1, 17, 0, tzinfo=UTC)
ORDER_ID = UUID("00000000-0000-4000-8000-000000000001")
CUSTOMER = "customer-1"
OTHER_CUSTOMER = "customer-2"
STAFF = "staff-1"


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def default_menu() -> MenuState:
    state = MENU.initial_state()
    for command in seed_commands(T0):
        for event in MENU.decide(command, state):
            state = MENU.evolve(state, event)
    return state


MENU_STATE = default_menu()


def lines(*specs: tuple[str, int] | tuple[str, int, str | None]) -> tuple[RequestedLine, ...]:
    return tuple(
        RequestedLine(menu_item_id=s[0], quantity=s[1], serving_style=s[2] if len(s) > 2 else None)
        for s in specs
    )


def place_order(
    requested: Sequence[RequestedLine] = lines(("french_dinner", 1, "grand")),
    **overrides: Any,
) -> PlaceOrder:
    fields: dict[str, Any] = {
        "order_id": ORDER_ID,
        "customer_id": CUSTOMER,
        "lines": tuple(requested),
        "delivery": Delivery(address="1 Main St, Seoul", requested_for=at(120)),
        "note": None,
        "menu": MENU_STATE,
        "at": at(0),
    }
    return PlaceOrder(**(fields | overrides))


def placed(
    requested: Sequence[RequestedLine] = lines(("french_dinner", 1, "grand")),
) -> OrderPlaced:
    (event,) = ORDER.decide(place_order(requested), ORDER.initial_state())
    assert isinstance(event, OrderPlaced)
    return event


def history(status: str, *, with_cake: bool = False) -> list[OrderEvent]:
    """Events that bring a fresh order to `status` along the usual path."""
    requested = (
        lines(("french_dinner", 1, "grand"), ("cake", 1))
        if with_cake
        else lines(("french_dinner", 1, "grand"))
    )
    first = placed(requested)
    path: list[OrderEvent] = [
        first,
        OrderPaid(payment_ref="pay-1", amount=first.total, paid_at=at(1)),
        OrderConfirmed(at=at(2)),
        CookingStarted(at=at(3)),
        OrderReady(at=at(4)),
        OrderDispatched(courier="Kim", at=at(5)),
        OrderDelivered(at=at(6)),
    ]
    steps = ["placed", "paid", "confirmed", "cooking", "ready", "dispatched", "delivered"]
    if status == "rejected":
        return [first, OrderRejected(reason="kitchen closed", at=at(1))]
    if status == "cancelled":
        return [
            first,
            OrderCancelled(reason="changed mind", cancelled_by_role="customer", at=at(1)),
        ]
    return path[: steps.index(status) + 1]


ALL_STATUSES = (
    "placed", "paid", "confirmed", "cooking", "ready", "dispatched", "delivered", "rejected",
    "cancelled",
)  # fmt: skip


def recorded(events: Sequence[DomainEvent], stream_id: str) -> list[RecordedEvent]:
    """What an event store would give back for `events` appended to `stream_id`."""
    metadata = EventMetadata(
        correlation_id="corr-1", actor=Actor(user_id=CUSTOMER, role="customer")
    )
    result = []
    for revision, event in enumerate(events):
        new = to_new_event(event, metadata=metadata, event_id=uuid4(), recorded_at=at(revision))
        result.append(
            RecordedEvent(
                stream_id=stream_id, revision=revision, position=revision + 1, **new.model_dump()
            )
        )
    return result
