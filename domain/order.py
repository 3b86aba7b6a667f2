"""The order decider: `placed → paid → confirmed → cooking → ready → dispatched → delivered`,
with `rejected` (staff, before cooking) and `cancelled` (customer before cooking, staff before
dispatch). Terminal states allow nothing.
"""

from __future__ import annotations

from typing import Final, assert_never

from domain import cake_design
from domain.errors import AlreadyExists, InvalidTransition, NotFound, RuleViolation
from domain.guards import require_owner_or_staff, require_staff, require_status, require_text
from domain.order_state import CakeDesign, OrderState, evolve, initial_state
from domain.pricing import price_lines
from schemas.commands.order import (
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
from schemas.events.order import (
    CookingStarted,
    OrderCancelled,
    OrderConfirmed,
    OrderDelivered,
    OrderDispatched,
    OrderEvent,
    OrderItemsChanged,
    OrderPaid,
    OrderPlaced,
    OrderReady,
    OrderRejected,
)
from schemas.vocabulary import STAFF_ROLES, OrderStatus

__all__ = [
    "CakeDesign",
    "OrderState",
    "decide",
    "evolve",
    "initial_state",
]

BEFORE_COOKING: Final[frozenset[OrderStatus]] = frozenset({"placed", "paid", "confirmed"})
BEFORE_DISPATCH: Final[frozenset[OrderStatus]] = BEFORE_COOKING | {"cooking", "ready"}


def decide(command: OrderCommand, state: OrderState) -> list[OrderEvent]:
    if state.status is None and not isinstance(command, PlaceOrder):
        raise NotFound("order_not_found", f"no order {command.order_id}")
    match command:
        case PlaceOrder():
            return _place(command, state)
        case ChangeOrderItems():
            return _change_items(command, state)
        case PayOrder():
            return _pay(command, state)
        case ConfirmOrder():
            return _step(state, "paid", "confirm", OrderConfirmed(at=command.at))
        case RejectOrder():
            return _reject(command, state)
        case StartCooking():
            return _step(state, "confirmed", "start cooking", CookingStarted(at=command.at))
        case MarkOrderReady():
            return _step(state, "cooking", "mark ready", OrderReady(at=command.at))
        case DispatchOrder():
            return _dispatch(command, state)
        case DeliverOrder():
            return _step(state, "dispatched", "deliver", OrderDelivered(at=command.at))
        case CancelOrder():
            return _cancel(command, state)
        case RequestCakeDesign():
            return cake_design.request(command, state)
        case RecordCakeDesign():
            return cake_design.record(command, state)
        case FailCakeDesign():
            return cake_design.fail(command, state)
        case _:
            assert_never(command)


def _place(command: PlaceOrder, state: OrderState) -> list[OrderEvent]:
    if state.status is not None:
        raise AlreadyExists("order_exists", f"order {command.order_id} already exists")
    require_text(command.delivery.address, "address_required", "the delivery address")
    if command.delivery.requested_for < command.at:
        raise RuleViolation("delivery_time_in_past", "the delivery time has already passed")
    lines, total = price_lines(command.menu, command.lines)
    placed = OrderPlaced(
        order_id=command.order_id,
        customer_id=command.customer_id,
        lines=lines,
        total=total,
        delivery=command.delivery,
        note=command.note,
        placed_at=command.at,
    )
    return [placed]


def _change_items(command: ChangeOrderItems, state: OrderState) -> list[OrderEvent]:
    require_owner_or_staff(state.customer_id, command.actor_id, command.actor_role)
    require_status(state.status, {"placed"}, "change the items")
    lines, total = price_lines(command.menu, command.lines)
    return [OrderItemsChanged(lines=lines, total=total, changed_at=command.at)]


def _pay(command: PayOrder, state: OrderState) -> list[OrderEvent]:
    require_owner_or_staff(state.customer_id, command.actor_id, command.actor_role)
    if state.paid_amount is not None:
        raise InvalidTransition("already_paid", "the order is already paid")
    require_status(state.status, {"placed"}, "pay")
    require_text(command.payment_ref, "payment_ref_required", "the payment reference")
    if command.amount != state.total:
        raise RuleViolation(
            "amount_mismatch", f"the payment of {command.amount} KRW must equal {state.total} KRW"
        )
    return [OrderPaid(payment_ref=command.payment_ref, amount=command.amount, paid_at=command.at)]


def _step(
    state: OrderState, required: OrderStatus, action: str, event: OrderEvent
) -> list[OrderEvent]:
    require_status(state.status, {required}, action)
    return [event]


def _dispatch(command: DispatchOrder, state: OrderState) -> list[OrderEvent]:
    require_status(state.status, {"ready"}, "dispatch")
    require_text(command.courier, "courier_required", "the courier")
    return [OrderDispatched(courier=command.courier, at=command.at)]


def _reject(command: RejectOrder, state: OrderState) -> list[OrderEvent]:
    require_staff(command.actor_role, "reject an order")
    require_status(state.status, BEFORE_COOKING, "reject")
    require_text(command.reason, "reason_required", "the reason")
    return [OrderRejected(reason=command.reason, at=command.at)]


def _cancel(command: CancelOrder, state: OrderState) -> list[OrderEvent]:
    require_owner_or_staff(state.customer_id, command.actor_id, command.actor_role)
    by_staff = command.actor_role in STAFF_ROLES
    require_status(state.status, BEFORE_DISPATCH if by_staff else BEFORE_COOKING, "cancel")
    require_text(command.reason, "reason_required", "the reason")
    event = OrderCancelled(
        reason=command.reason, cancelled_by_role=command.actor_role, at=command.at
    )
    return [event]
