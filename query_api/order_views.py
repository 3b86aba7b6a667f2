"""How an order looks to readers, built from its `orders` row (and `order_history` rows)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import RowMapping


class OrderLineView(BaseModel):
    menu_item_id: str
    name: str
    quantity: int
    serving_style: str | None = None
    unit_price: int
    line_total: int


class CakeDesignView(BaseModel):
    request_id: str
    prompt: str
    status: str
    image_url: str | None = None
    reason: str | None = None


class DeliveryView(BaseModel):
    address: str
    requested_for: datetime


class StatusChange(BaseModel):
    status: str
    at: datetime
    revision: int


class OrderView(BaseModel):
    order_id: UUID
    customer_id: str
    status: str
    total: int
    items: list[OrderLineView]
    delivery: DeliveryView
    note: str | None
    placed_at: datetime
    updated_at: datetime
    paid_amount: int | None
    payment_ref: str | None
    courier: str | None
    closing_reason: str | None
    cake_designs: list[CakeDesignView]
    revision: int
    position: int


class OrderDetail(OrderView):
    status_history: list[StatusChange]


class OrderPage(BaseModel):
    items: list[OrderView]
    next_cursor: str | None


def _fields(row: RowMapping) -> dict[str, object]:
    return {
        **{name: row[name] for name in OrderView.model_fields if name in row},
        "items": row["lines"],
        "delivery": {"address": row["delivery_address"], "requested_for": row["requested_for"]},
    }


def order_view(row: RowMapping) -> OrderView:
    return OrderView.model_validate(_fields(row))


def order_detail(row: RowMapping, history: Sequence[RowMapping]) -> OrderDetail:
    changes = [{"status": h["status"], "at": h["at"], "revision": h["revision"]} for h in history]
    return OrderDetail.model_validate({**_fields(row), "status_history": changes})
