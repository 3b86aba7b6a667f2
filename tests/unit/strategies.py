"""Hypothesis strategies: real menus, requested lines, actors and order commands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TypeVar
from uuid import UUID

from hypothesis import strategies as st

from domain.order import OrderState
from schemas.commands import (
    CancelOrder,
    ChangeOrderItems,
    ConfirmOrder,
    DeliverOrder,
    DispatchOrder,
    FailCakeDesign,
    MarkOrderReady,
    OrderCommand,
    PayOrder,
    PlaceOrder,
    RecordCakeDesign,
    RejectOrder,
    RequestCakeDesign,
    StartCooking,
)
from schemas.values import Delivery, MenuState, RequestedLine
from tests.unit.factories import CUSTOMER, MENU_STATE, ORDER_ID, OTHER_CUSTOMER, STAFF

T = TypeVar("T")
ACTORS = st.sampled_from(
    [
        (CUSTOMER, "customer"),
        (OTHER_CUSTOMER, "customer"),
        (STAFF, "staff"),
        ("admin-1", "admin"),
        ("auditor-1", "auditor"),
        ("worker", "system"),
    ]
)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=9)), timezone(timedelta(hours=-4))])
REQUEST_IDS = st.sampled_from([UUID(int=n) for n in range(1, 4)])


def mostly(usual: st.SearchStrategy[T], odd: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """Usually `usual`, sometimes `odd`: long sequences must get far enough to be interesting."""
    return st.sampled_from([True, True, True, True, False]).flatmap(
        lambda is_usual: usual if is_usual else odd
    )


TEXT = mostly(st.sampled_from(["1 Main St", "Lee", "pay-7", "too late"]), st.text(max_size=8))
# Commands that usually fit each status; any other command is drawn now and then too.
FITTING = {
    None: ["place"],
    "placed": ["pay", "pay", "change", "request_cake"],
    "paid": ["confirm", "confirm", "request_cake", "record_cake", "fail_cake"],
    "confirmed": ["cook", "record_cake"],
    "cooking": ["ready", "ready", "fail_cake"],
    "ready": ["dispatch"],
    "dispatched": ["deliver"],
}


@st.composite
def menus(draw: st.DrawFn) -> MenuState:
    """The seeded menu with random prices and the odd item taken off."""
    items = {
        item_id: entry.model_copy(
            update={
                "price": draw(st.integers(1_000, 200_000)),
                "available": draw(mostly(st.just(True), st.booleans())),
            }
        )
        for item_id, entry in MENU_STATE.items.items()
    }
    return MenuState(items=items)


def requested_lines(menu: MenuState) -> st.SearchStrategy[tuple[RequestedLine, ...]]:
    line = st.builds(
        RequestedLine,
        menu_item_id=mostly(st.sampled_from([*menu.items, "cake", "cake"]), st.just("caviar")),
        quantity=mostly(st.integers(1, 5), st.integers(-1, 101)),
        serving_style=mostly(st.none(), st.sampled_from(["simple", "grand", "deluxe"])),
    )
    return mostly(st.lists(line, min_size=1, max_size=4), st.lists(line, max_size=22)).map(tuple)


@st.composite
def deliveries(draw: st.DrawFn, now: datetime) -> Delivery:
    later = draw(mostly(st.integers(0, 600), st.integers(-30, 0)))
    zone = draw(ZONES)
    return Delivery(
        address=draw(TEXT), requested_for=(now + timedelta(minutes=later)).astimezone(zone)
    )


@st.composite
def order_commands(draw: st.DrawFn, state: OrderState, now: datetime) -> OrderCommand:
    """Any order command, shaped so that it often (not always) fits the current state."""
    actor_id, role = draw(
        mostly(st.sampled_from([(CUSTOMER, "customer"), (STAFF, "staff")]), ACTORS)
    )
    usual = FITTING.get(state.status, ["cancel"])
    kind = draw(mostly(st.sampled_from(usual), st.sampled_from(list(_BUILDERS))))
    return _BUILDERS[kind](draw, state, now, actor_id, role)


def _place(draw, state, now, actor_id, role):
    menu = draw(menus())
    return PlaceOrder(
        order_id=ORDER_ID,
        customer_id=CUSTOMER,
        lines=draw(requested_lines(menu)),
        delivery=draw(deliveries(now)),
        note=draw(st.none() | TEXT),
        menu=menu,
        at=now,
    )


def _change(draw, state, now, actor_id, role):
    menu = draw(menus())
    lines = draw(requested_lines(menu))
    return ChangeOrderItems(
        order_id=ORDER_ID, lines=lines, menu=menu, actor_id=actor_id, actor_role=role, at=now
    )


def _pay(draw, state, now, actor_id, role):
    amount = state.total + draw(st.sampled_from([0, 0, 0, 1, -1_000]))
    return PayOrder(
        order_id=ORDER_ID,
        payment_ref=draw(TEXT),
        amount=amount,
        actor_id=actor_id,
        actor_role=role,
        at=now,
    )


def _cancel(draw, state, now, actor_id, role):
    return CancelOrder(
        order_id=ORDER_ID, reason=draw(TEXT), actor_id=actor_id, actor_role=role, at=now
    )


def _request_cake(draw, state, now, actor_id, role):
    return RequestCakeDesign(
        order_id=ORDER_ID,
        request_id=draw(REQUEST_IDS),
        prompt=draw(st.sampled_from(["a", "b"])),
        actor_id=actor_id,
        actor_role=role,
        at=now,
    )


def _known_request(draw, state):
    known = list(state.cake_designs)
    return draw(mostly(st.sampled_from(known), REQUEST_IDS) if known else REQUEST_IDS)


def _record_cake(draw, state, now, actor_id, role):
    url = draw(st.sampled_from(["/media/1.png", "/media/2.png"]))
    request_id = _known_request(draw, state)
    return RecordCakeDesign(order_id=ORDER_ID, request_id=request_id, image_url=url, at=now)


def _fail_cake(draw, state, now, actor_id, role):
    reason = draw(st.sampled_from(["timeout", "oom"]))
    request_id = _known_request(draw, state)
    return FailCakeDesign(order_id=ORDER_ID, request_id=request_id, reason=reason, at=now)


_BUILDERS = {
    "place": _place,
    "change": _change,
    "pay": _pay,
    "confirm": lambda draw, state, now, a, r: ConfirmOrder(order_id=ORDER_ID, at=now),
    "reject": lambda draw, state, now, a, r: RejectOrder(
        order_id=ORDER_ID, reason=draw(TEXT), actor_role=r, at=now
    ),
    "cook": lambda draw, state, now, a, r: StartCooking(order_id=ORDER_ID, at=now),
    "ready": lambda draw, state, now, a, r: MarkOrderReady(order_id=ORDER_ID, at=now),
    "dispatch": lambda draw, state, now, a, r: DispatchOrder(
        order_id=ORDER_ID, courier=draw(TEXT), at=now
    ),
    "deliver": lambda draw, state, now, a, r: DeliverOrder(order_id=ORDER_ID, at=now),
    "cancel": _cancel,
    "request_cake": _request_cake,
    "record_cake": _record_cake,
    "fail_cake": _fail_cake,
}
