"""Specs for placing an order, changing its items and paying for it."""

from __future__ import annotations

import pytest

from domain import ORDER
from domain.errors import AlreadyExists, Forbidden, InvalidTransition, NotFound, RuleViolation
from schemas.commands import ChangeOrderItems, PayOrder
from schemas.events import OrderItemsChanged, OrderLine, OrderPaid, OrderPlaced
from schemas.values import Delivery
from tests.unit.factories import (
    ALL_STATUSES,
    CUSTOMER,
    MENU_STATE,
    ORDER_ID,
    OTHER_CUSTOMER,
    STAFF,
    at,
    history,
    lines,
    place_order,
    placed,
)
from tests.unit.spec import DeciderSpec

spec = DeciderSpec(ORDER)
TWO_STEAKS = lines(("steak", 2))


def change(requested=TWO_STEAKS, actor_id=CUSTOMER, actor_role="customer"):
    return ChangeOrderItems(
        order_id=ORDER_ID,
        lines=requested,
        menu=MENU_STATE,
        actor_id=actor_id,
        actor_role=actor_role,
        at=at(1),
    )


def pay(amount, actor_id=CUSTOMER, actor_role="customer", payment_ref="pay-1"):
    return PayOrder(
        order_id=ORDER_ID,
        payment_ref=payment_ref,
        amount=amount,
        actor_id=actor_id,
        actor_role=actor_role,
        at=at(2),
    )


def test_placing_prices_lines_from_the_menu_snapshot():
    command = place_order(lines(("french_dinner", 2, "deluxe"), ("wine", 1)), note="ring bell")
    spec.given().when(command).then(
        OrderPlaced(
            order_id=ORDER_ID,
            customer_id=CUSTOMER,
            lines=(
                OrderLine(
                    menu_item_id="french_dinner",
                    name="French Dinner",
                    quantity=2,
                    serving_style="deluxe",
                    unit_price=90_000,
                    line_total=180_000,
                ),
                OrderLine(
                    menu_item_id="wine",
                    name="Wine",
                    quantity=1,
                    serving_style=None,
                    unit_price=30_000,
                    line_total=30_000,
                ),
            ),
            total=210_000,
            delivery=command.delivery,
            note="ring bell",
            placed_at=at(0),
        )
    )


def test_placing_twice_is_refused():
    spec.given(placed()).when(place_order()).then_fails(AlreadyExists, "order_exists")


def test_placing_needs_a_delivery_address():
    command = place_order(delivery=Delivery(address="  ", requested_for=at(60)))
    spec.given().when(command).then_fails(RuleViolation, "address_required")


def test_placing_for_a_past_delivery_time_is_refused():
    command = place_order(delivery=Delivery(address="1 Main St", requested_for=at(-1)))
    spec.given().when(command).then_fails(RuleViolation, "delivery_time_in_past")


def test_placing_with_an_invalid_line_is_refused():
    spec.given().when(place_order(lines())).then_fails(RuleViolation, "no_items")


def test_changing_items_while_placed_reprices_them():
    spec.given(placed()).when(change(lines(("steak", 2), ("coffee", 1)))).then(
        OrderItemsChanged(
            lines=(
                OrderLine(
                    menu_item_id="steak",
                    name="Steak",
                    quantity=2,
                    serving_style=None,
                    unit_price=25_000,
                    line_total=50_000,
                ),
                OrderLine(
                    menu_item_id="coffee",
                    name="Coffee",
                    quantity=1,
                    serving_style=None,
                    unit_price=4_000,
                    line_total=4_000,
                ),
            ),
            total=54_000,
            changed_at=at(1),
        )
    )


@pytest.mark.parametrize("status", [s for s in ALL_STATUSES if s != "placed"])
def test_items_change_only_while_placed(status):
    spec.given(history(status)).when(change()).then_fails(InvalidTransition, "invalid_transition")


def test_items_of_an_unknown_order_cannot_change():
    spec.given().when(change()).then_fails(NotFound, "order_not_found")


def test_another_customer_cannot_change_the_items():
    spec.given(placed()).when(change(actor_id=OTHER_CUSTOMER)).then_fails(Forbidden, "not_owner")


def test_an_auditor_cannot_change_the_items():
    spec.given(placed()).when(change(actor_id=CUSTOMER, actor_role="auditor")).then_fails(
        Forbidden, "read_only"
    )


def test_changed_items_are_still_validated():
    spec.given(placed()).when(change(lines(("steak", 100)))).then_fails(
        RuleViolation, "quantity_out_of_range"
    )


def test_paying_the_total_pays_the_order():
    first = placed()
    spec.given(first).when(pay(first.total)).then(
        OrderPaid(payment_ref="pay-1", amount=first.total, paid_at=at(2))
    )


def test_staff_may_record_a_payment_for_the_customer():
    first = placed()
    spec.given(first).when(pay(first.total, actor_id=STAFF, actor_role="staff")).then(
        OrderPaid(payment_ref="pay-1", amount=first.total, paid_at=at(2))
    )


def test_payment_must_equal_the_total():
    first = placed()
    spec.given(first).when(pay(first.total - 1)).then_fails(RuleViolation, "amount_mismatch")


def test_payment_needs_a_reference():
    first = placed()
    spec.given(first).when(pay(first.total, payment_ref="")).then_fails(
        RuleViolation, "payment_ref_required"
    )


@pytest.mark.parametrize("status", ["paid", "confirmed", "cooking", "delivered"])
def test_an_order_is_paid_once(status):
    events = history(status)
    spec.given(events).when(pay(events[0].total)).then_fails(InvalidTransition, "already_paid")


@pytest.mark.parametrize("status", ["rejected", "cancelled"])
def test_a_closed_order_cannot_be_paid(status):
    events = history(status)
    spec.given(events).when(pay(events[0].total)).then_fails(
        InvalidTransition, "invalid_transition"
    )


def test_another_customer_cannot_pay():
    first = placed()
    spec.given(first).when(pay(first.total, actor_id=OTHER_CUSTOMER)).then_fails(
        Forbidden, "not_owner"
    )


def test_paying_an_unknown_order_is_not_found():
    spec.given().when(pay(1000)).then_fails(NotFound, "order_not_found")
