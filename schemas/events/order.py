"""Events of the order stream (`order-<uuid>`)."""

from __future__ import annotations

from typing import ClassVar, TypeAlias
from uuid import UUID

from pydantic import AwareDatetime

from schemas.events.base import DomainEvent
from schemas.values import Delivery, FrozenModel, ServingStyle
from schemas.vocabulary import Role


class OrderLine(FrozenModel):
    """A priced line, captured in the event so later menu changes never rewrite history."""

    menu_item_id: str
    name: str
    quantity: int
    serving_style: ServingStyle | None
    unit_price: int
    line_total: int


class OrderPlaced(DomainEvent):
    """Version 2 nests the delivery; version 1 had flat `delivery_address`/`delivery_time`."""

    event_type: ClassVar[str] = "OrderPlaced"
    schema_version: ClassVar[int] = 2

    order_id: UUID
    customer_id: str
    lines: tuple[OrderLine, ...]
    total: int
    delivery: Delivery
    note: str | None = None
    placed_at: AwareDatetime


class OrderItemsChanged(DomainEvent):
    event_type: ClassVar[str] = "OrderItemsChanged"

    lines: tuple[OrderLine, ...]
    total: int
    changed_at: AwareDatetime


class OrderPaid(DomainEvent):
    event_type: ClassVar[str] = "OrderPaid"

    payment_ref: str
    amount: int
    paid_at: AwareDatetime


class OrderConfirmed(DomainEvent):
    event_type: ClassVar[str] = "OrderConfirmed"

    at: AwareDatetime


class OrderRejected(DomainEvent):
    event_type: ClassVar[str] = "OrderRejected"

    reason: str
    at: AwareDatetime


class CookingStarted(DomainEvent):
    event_type: ClassVar[str] = "CookingStarted"

    at: AwareDatetime


class OrderReady(DomainEvent):
    event_type: ClassVar[str] = "OrderReady"

    at: AwareDatetime


class OrderDispatched(DomainEvent):
    event_type: ClassVar[str] = "OrderDispatched"

    courier: str
    at: AwareDatetime


class OrderDelivered(DomainEvent):
    event_type: ClassVar[str] = "OrderDelivered"

    at: AwareDatetime


class OrderCancelled(DomainEvent):
    event_type: ClassVar[str] = "OrderCancelled"

    reason: str
    cancelled_by_role: Role
    at: AwareDatetime


class CakeDesignRequested(DomainEvent):
    event_type: ClassVar[str] = "CakeDesignRequested"

    request_id: UUID
    prompt: str
    at: AwareDatetime


class CakeDesignGenerated(DomainEvent):
    event_type: ClassVar[str] = "CakeDesignGenerated"

    request_id: UUID
    image_url: str
    at: AwareDatetime


class CakeDesignFailed(DomainEvent):
    event_type: ClassVar[str] = "CakeDesignFailed"

    request_id: UUID
    reason: str
    at: AwareDatetime


OrderEvent: TypeAlias = (
    OrderPlaced
    | OrderItemsChanged
    | OrderPaid
    | OrderConfirmed
    | OrderRejected
    | CookingStarted
    | OrderReady
    | OrderDispatched
    | OrderDelivered
    | OrderCancelled
    | CakeDesignRequested
    | CakeDesignGenerated
    | CakeDesignFailed
)
