"""The menu as customers see it: one row per item with its current price and availability."""

from __future__ import annotations

from projections.events import ProjectedEvent
from projections.model import KeyedReadModel, Row
from projections.tables import menu_items, menu_streams


def evolve(row: Row | None, event: ProjectedEvent) -> Row | None:
    d = event.data
    if event.type == "MenuItemAdded":
        return {
            "menu_item_id": d["menu_item_id"],
            "name": d["name"],
            "kind": d["kind"],
            "price": d["price"],
            "available": d["available"],
            "serving_styles": d["serving_styles"],
            "description": d["description"],
            "position": event.position,
        }
    if row is None:
        return None
    changes = {k: d[k] for k in ("price", "available", "name") if d.get(k) is not None}
    return {**row, **changes, "position": event.position}


class MenuModel(KeyedReadModel):
    name = "menu"
    categories = frozenset({"menu"})
    table = menu_items
    streams = menu_streams
    tables = (menu_items, menu_streams)

    def evolve_row(self, row: Row | None, event: ProjectedEvent) -> Row | None:
        return evolve(row, event)

    def key_of(self, event: ProjectedEvent) -> str:
        return str(event.data["menu_item_id"])
