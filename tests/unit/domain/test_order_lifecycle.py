"""Specs for the kitchen lifecycle, rejection and cancellation of an order."""

from __future__ import annotations

import pytest

from domain import ORDER
from domain.errors import Forbidden, InvalidTransition, NotFound, RuleViolation
from schemas.commands import (
    CancelOrder,
    ConfirmOrder,
    DeliverOrder,
    DispatchOrder,
    MarkOrderReady,
    RejectOrder,
    StartCooking,
)
from schemas.events import (
    CookingStarted,
    OrderCancelled,
    OrderConfirmed,
    OrderDelivered,
    OrderDispatched,
    OrderReady,
    OrderRejected,
)
from tests.unit.factories import (
    ALL_STATUSES,
    CUSTOMER,
    ORDER_ID,
    OTHER_CUSTOMER,
    STAFF,
    at,
    history,
)
from tests.unit.spec import DeciderSpec

spec = DeciderSpec(ORDER)
NOW = at(30)

# (status it needs, command, the event it records)
STEPS = [
    ("paid", ConfirmOrder(order_id=ORDER_ID, at=NOW), OrderConfirmed(at=NOW)),
    ("confirmed", StartCooking(order_id=ORDER_ID, at=NOW), CookingStarted(at=NOW)),
    ("cooking", MarkOrderReady(order_id=ORDER_ID, at=NOW), OrderReady(at=NOW)),
    (
        "ready",
        DispatchOrder(order_id=ORDER_ID, courier="Lee", at=NOW),
        OrderDispatched(courier="Lee", at=NOW),
    ),
    ("dispatched", DeliverOrder(order_id=ORDER_ID, at=NOW), OrderDelivered(at=NOW)),
]


def cancel(actor_id=CUSTOMER, actor_role="customer", reason="no longer needed"):
    return CancelOrder(
        order_id=ORDER_ID, reason=reason, actor_id=actor_id, actor_role=actor_role, at=NOW
    )


def reject(actor_role="staff", reason="out of steak"):
    return RejectOrder(order_id=ORDER_ID, reason=reason, actor_role=actor_role, at=NOW)


@pytest.mark.parametrize(("status", "command", "event"), STEPS)
def test_each_step_follows_the_previous_one(status, command, event):
    spec.given(history(status)).when(command).then(event)


@pytest.mark.parametrize(
    ("status", "command"),
    [(s, command) for required, command, _ in STEPS for s in ALL_STATUSES if s != required],
)
def test_a_step_out_of_order_is_an_invalid_transition(status, command):
    spec.given(history(status)).when(command).then_fails(InvalidTransition, "invalid_transition")


@pytest.mark.parametrize(("_status", "command", "_event"), STEPS)
def test_steps_on_an_unknown_order_are_not_found(_status, command, _event):
    spec.given().when(command).then_fails(NotFound, "order_not_found")


def test_dispatch_needs_a_courier():
    command = DispatchOrder(order_id=ORDER_ID, courier=" ", at=NOW)
    spec.given(history("ready")).when(command).then_fails(RuleViolation, "courier_required")


@pytest.mark.parametrize("status", ["placed", "paid", "confirmed"])
def test_staff_may_reject_before_cooking(status):
    spec.given(history(status)).when(reject()).then(OrderRejected(reason="out of steak", at=NOW))


@pytest.mark.parametrize("status", ["cooking", "ready", "dispatched", "delivered", "rejected"])
def test_no_rejection_once_cooking_has_started(status):
    spec.given(history(status)).when(reject()).then_fails(InvalidTransition, "invalid_transition")


def test_a_customer_cannot_reject():
    spec.given(history("placed")).when(reject(actor_role="customer")).then_fails(
        Forbidden, "staff_only"
    )


def test_rejection_needs_a_reason():
    spec.given(history("placed")).when(reject(reason="")).then_fails(
        RuleViolation, "reason_required"
    )


@pytest.mark.parametrize("status", ["placed", "paid", "confirmed"])
def test_the_customer_may_cancel_before_cooking(status):
    spec.given(history(status)).when(cancel()).then(
        OrderCancelled(reason="no longer needed", cancelled_by_role="customer", at=NOW)
    )


@pytest.mark.parametrize("status", ["cooking", "ready", "dispatched", "delivered", "cancelled"])
def test_the_customer_cannot_cancel_once_cooking(status):
    spec.given(history(status)).when(cancel()).then_fails(InvalidTransition, "invalid_transition")


@pytest.mark.parametrize("status", ["placed", "paid", "confirmed", "cooking", "ready"])
def test_staff_may_cancel_before_dispatch(status):
    spec.given(history(status)).when(cancel(STAFF, "staff")).then(
        OrderCancelled(reason="no longer needed", cancelled_by_role="staff", at=NOW)
    )


@pytest.mark.parametrize("status", ["dispatched", "delivered", "rejected", "cancelled"])
def test_staff_cannot_cancel_once_dispatched_or_closed(status):
    spec.given(history(status)).when(cancel(STAFF, "staff")).then_fails(
        InvalidTransition, "invalid_transition"
    )


def test_another_customer_cannot_cancel():
    spec.given(history("placed")).when(cancel(OTHER_CUSTOMER)).then_fails(Forbidden, "not_owner")


def test_cancellation_needs_a_reason():
    spec.given(history("placed")).when(cancel(reason=" ")).then_fails(
        RuleViolation, "reason_required"
    )
