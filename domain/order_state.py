"""The state of one order, folded from its events."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, assert_never
from uuid import UUID

from schemas.events.order import (
    CakeDesignFailed,
    CakeDesignGenerated,
    CakeDesignRequested,
    CookingStarted,
    OrderCancelled,
    OrderConfirmed,
    OrderDelivered,
    OrderDispatched,
    OrderEvent,
    OrderItemsChanged,
    OrderLine,
    OrderPaid,
    OrderPlaced,
    OrderReady,
    OrderRejected,
)
from schemas.values import Delivery
from schemas.vocabulary import ORDER_STATUS_AFTER, OrderStatus


@dataclass(frozen=True)
class CakeDesign:
    request_id: UUID
    prompt: str
    status: Literal["pending", "generated", "failed"] = "pending"
    image_url: str | None = None
    failure_reason: str | None = None


@dataclass(frozen=True)
class OrderState:
    """`status` is None until the order is placed."""

    status: OrderStatus | None = None
    order_id: UUID | None = None
    customer_id: str | None = None
    lines: tuple[OrderLine, ...] = ()
    total: int = 0
    delivery: Delivery | None = None
    paid_amount: int | None = None
    payment_ref: str | None = None
    cake_designs: dict[UUID, CakeDesign] = field(default_factory=dict)

    @property
    def has_cake(self) -> bool:
        return any(line.menu_item_id == "cake" for line in self.lines)


def initial_state() -> OrderState:
    return OrderState()


def evolve(state: OrderState, event: OrderEvent) -> OrderState:
    match event:
        case OrderPlaced():
            return OrderState(
                status="placed",
                order_id=event.order_id,
                customer_id=event.customer_id,
                lines=event.lines,
                total=event.total,
                delivery=event.delivery,
            )
        case OrderItemsChanged():
            return replace(state, lines=event.lines, total=event.total)
        case OrderPaid():
            return replace(
                state, status="paid", paid_amount=event.amount, payment_ref=event.payment_ref
            )
        case (
            OrderConfirmed()
            | OrderRejected()
            | CookingStarted()
            | OrderReady()
            | OrderDispatched()
            | OrderDelivered()
            | OrderCancelled()
        ):
            return replace(state, status=ORDER_STATUS_AFTER[event.event_type])
        case CakeDesignRequested() | CakeDesignGenerated() | CakeDesignFailed():
            return _evolve_cake_design(state, event)
        case _:
            assert_never(event)


def _evolve_cake_design(
    state: OrderState, event: CakeDesignRequested | CakeDesignGenerated | CakeDesignFailed
) -> OrderState:
    match event:
        case CakeDesignRequested():
            design = CakeDesign(request_id=event.request_id, prompt=event.prompt)
        case CakeDesignGenerated():
            previous = state.cake_designs[event.request_id]
            design = replace(previous, status="generated", image_url=event.image_url)
        case CakeDesignFailed():
            previous = state.cake_designs[event.request_id]
            design = replace(previous, status="failed", failure_reason=event.reason)
        case _:
            assert_never(event)
    return replace(state, cake_designs={**state.cake_designs, event.request_id: design})
