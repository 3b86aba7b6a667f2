"""Sales per day and per menu item (days in Korea Standard Time, UTC+9, no daylight saving).

An order counts when it is paid; a paid order later cancelled or rejected is refunded, so
its count and revenue are taken back from the day it was paid. The order's lines and total
are kept (`sales_orders`) so the refund takes back exactly what was counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from datetime import date

from dinner.clock import KST
from projections.events import ProjectedEvent
from projections.model import ReadModel, Row, Tables
from projections.orders import moment
from projections.tables import sales_daily, sales_items, sales_orders, sales_streams

REFUNDED_BY = {"OrderCancelled", "OrderRejected"}


class Deltas:
    def __init__(self) -> None:
        self.daily: defaultdict[date, list[int]] = defaultdict(lambda: [0, 0])
        self.items: defaultdict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])

    def count(self, order: Row, sign: int) -> None:
        day = order["paid_day"]
        self.daily[day][0] += sign
        self.daily[day][1] += sign * order["total"]
        for line in order["lines"]:
            entry = self.items[(day, line["menu_item_id"])]
            entry[0] += sign * line["quantity"]
            entry[1] += sign * line["line_total"]


def evolve(order: Row | None, event: ProjectedEvent, deltas: Deltas) -> Row | None:
    d = event.data
    if event.type in ("OrderPlaced", "OrderItemsChanged"):
        base = order or {"order_id": event.aggregate_uuid, "paid_day": None}
        return {**base, "lines": d["lines"], "total": d["total"]}
    if order is None:
        return None
    if event.type == "OrderPaid":
        order = {**order, "paid_day": moment(d["paid_at"]).astimezone(KST).date()}
        deltas.count(order, +1)
    elif event.type in REFUNDED_BY and order["paid_day"] is not None:
        deltas.count(order, -1)
        order = {**order, "paid_day": None}
    return order


class SalesModel(ReadModel):
    name = "sales"
    categories = frozenset({"order"})
    streams = sales_streams
    tables = (sales_daily, sales_items, sales_orders, sales_streams)

    async def apply(self, tables: Tables, events: Sequence[ProjectedEvent]) -> None:
        loaded = await tables.load(sales_orders, {e.aggregate_uuid for e in events})
        orders: dict[Hashable, Row | None] = dict(loaded)
        deltas = Deltas()
        for event in events:
            key = event.aggregate_uuid
            orders[key] = evolve(orders.get(key), event, deltas)
        # None only stands for an order never placed: there is nothing to delete.
        await tables.store(sales_orders, {k: o for k, o in orders.items() if o is not None})
        await tables.add(
            sales_daily,
            [{"day": k, "orders": v[0], "revenue": v[1]} for k, v in deltas.daily.items()],
            ["orders", "revenue"],
        )
        await tables.add(
            sales_items,
            [
                {"day": k[0], "menu_item_id": k[1], "quantity": v[0], "revenue": v[1]}
                for k, v in deltas.items.items()
            ],
            ["quantity", "revenue"],
        )
