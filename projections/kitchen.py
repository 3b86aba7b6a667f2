"""The kitchen queue: confirmed and cooking orders, by requested time. An order joins when
placed (to know its lines and time), shows once confirmed, and leaves once ready or closed."""

from __future__ import annotations

from uuid import UUID

from projections.events import ProjectedEvent
from projections.model import KeyedReadModel, Row
from projections.orders import moment
from projections.tables import kitchen_queue, kitchen_streams
from schemas.streams import ORDER
from schemas.vocabulary import (
    KITCHEN_STATUSES,
    ORDER_STATUS_AFTER,
    TERMINAL_ORDER_STATUSES,
    OrderStatus,
)

IN_KITCHEN = {t: s for t, s in ORDER_STATUS_AFTER.items() if s in KITCHEN_STATUSES}
# Once ready the order is the courier's; once closed, nobody's.
_GONE: tuple[OrderStatus, ...] = ("ready", "dispatched", *TERMINAL_ORDER_STATUSES)
LEAVES = {t for t, s in ORDER_STATUS_AFTER.items() if s in _GONE}


def evolve(row: Row | None, event: ProjectedEvent) -> Row | None:
    d = event.data
    if event.type == "OrderPlaced":
        return {
            "order_id": UUID(d["order_id"]),
            "status": "placed",
            "requested_for": moment(d["delivery"]["requested_for"]),
            "placed_at": moment(d["placed_at"]),
            "lines": d["lines"],
            "note": d.get("note"),
            "position": event.position,
        }
    if row is None or event.type in LEAVES:
        return None
    if event.type in IN_KITCHEN:
        return {**row, "status": IN_KITCHEN[event.type], "position": event.position}
    if event.type == "OrderItemsChanged":
        return {**row, "lines": d["lines"], "position": event.position}
    return row


class KitchenModel(KeyedReadModel):
    name = "kitchen"
    categories = frozenset({ORDER})
    table = kitchen_queue
    streams = kitchen_streams
    tables = (kitchen_queue, kitchen_streams)

    def evolve_row(self, row: Row | None, event: ProjectedEvent) -> Row | None:
        return evolve(row, event)

    def key_of(self, event: ProjectedEvent) -> UUID:
        return event.aggregate_uuid
