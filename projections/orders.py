"""The orders read model: one row per order with its lines, totals and timestamps, plus the
status history. `evolve` is pure; the SQL is the generic keyed load-fold-write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Table

from projections.events import ProjectedEvent
from projections.model import KeyedReadModel, Row
from projections.tables import order_history, orders, orders_streams
from schemas.streams import ORDER
from schemas.vocabulary import ORDER_STATUS_AFTER


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def placed(event: ProjectedEvent) -> Row:
    d = event.data
    return {
        "order_id": UUID(d["order_id"]),
        "customer_id": d["customer_id"],
        "status": "placed",
        "total": d["total"],
        "lines": d["lines"],
        "delivery_address": d["delivery"]["address"],
        "requested_for": moment(d["delivery"]["requested_for"]),
        "note": d.get("note"),
        "placed_at": moment(d["placed_at"]),
        "updated_at": event.recorded_at,
        "paid_amount": None,
        "payment_ref": None,
        "courier": None,
        "closing_reason": None,
        "cake_designs": [],
        "revision": event.revision,
        "position": event.position,
    }


def _cake_design(designs: list[dict[str, Any]], event: ProjectedEvent) -> list[dict[str, Any]]:
    d = event.data
    if event.type == "CakeDesignRequested":
        return [
            *designs,
            {
                "request_id": d["request_id"],
                "prompt": d["prompt"],
                "status": "pending",
                "image_url": None,
                "reason": None,
            },
        ]
    status = "generated" if event.type == "CakeDesignGenerated" else "failed"
    return [
        {**x, "status": status, "image_url": d.get("image_url"), "reason": d.get("reason")}
        if x["request_id"] == d["request_id"]
        else x
        for x in designs
    ]


def evolve(row: Row | None, event: ProjectedEvent) -> Row | None:
    if event.type == "OrderPlaced":
        return placed(event)
    if row is None:
        raise LookupError(f"{event.type} for an order the read model has not seen placed")
    d = event.data
    changed: Row = {
        "revision": event.revision,
        "position": event.position,
        "updated_at": event.recorded_at,
    }
    if event.type in ORDER_STATUS_AFTER:
        changed["status"] = ORDER_STATUS_AFTER[event.type]
    if event.type == "OrderItemsChanged":
        changed |= {"lines": d["lines"], "total": d["total"]}
    elif event.type == "OrderPaid":
        changed |= {"paid_amount": d["amount"], "payment_ref": d["payment_ref"]}
    elif event.type == "OrderDispatched":
        changed["courier"] = d["courier"]
    elif event.type in ("OrderRejected", "OrderCancelled"):
        changed["closing_reason"] = d["reason"]
    elif event.type.startswith("CakeDesign"):
        changed["cake_designs"] = _cake_design(row["cake_designs"], event)
    return {**row, **changed}


class OrdersModel(KeyedReadModel):
    name = "orders"
    categories = frozenset({ORDER})
    table = orders
    streams = orders_streams
    tables = (orders, order_history, orders_streams)

    def evolve_row(self, row: Row | None, event: ProjectedEvent) -> Row | None:
        return evolve(row, event)

    def key_of(self, event: ProjectedEvent) -> UUID:
        return event.aggregate_uuid

    def appended(self, events: Sequence[ProjectedEvent]) -> list[tuple[Table, list[Row]]]:
        history = [
            {
                "order_id": e.aggregate_uuid,
                "revision": e.revision,
                "type": e.type,
                "status": ORDER_STATUS_AFTER[e.type],
                "at": e.recorded_at,
                "position": e.position,
            }
            for e in events
            if e.type in ORDER_STATUS_AFTER
        ]
        return [(order_history, history)]
