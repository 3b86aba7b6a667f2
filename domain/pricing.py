"""Pricing of requested lines against a menu snapshot; prices are integer KRW."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from domain.errors import RuleViolation
from schemas.events.order import OrderLine
from schemas.values import MenuEntry, MenuState, RequestedLine, ServingStyle

SERVING_STYLE_SURCHARGE: Final[dict[ServingStyle, int]] = {
    "simple": 0,
    "grand": 10_000,
    "deluxe": 20_000,
}
MAX_LINES: Final = 20
MAX_QUANTITY: Final = 99


def price_lines(
    menu: MenuState, requested: Sequence[RequestedLine]
) -> tuple[tuple[OrderLine, ...], int]:
    """Priced lines and their total; raises RuleViolation for anything that cannot be sold."""
    if not requested:
        raise RuleViolation("no_items", "an order needs at least one item")
    if len(requested) > MAX_LINES:
        raise RuleViolation("too_many_lines", f"an order has at most {MAX_LINES} lines")
    lines = tuple(_price_line(menu, line) for line in requested)
    return lines, sum(line.line_total for line in lines)


def _price_line(menu: MenuState, line: RequestedLine) -> OrderLine:
    if not 1 <= line.quantity <= MAX_QUANTITY:
        raise RuleViolation(
            "quantity_out_of_range", f"quantity must be between 1 and {MAX_QUANTITY}"
        )
    entry = _sellable_entry(menu, line.menu_item_id)
    style = _serving_style(entry, line.serving_style)
    unit_price = entry.price + (SERVING_STYLE_SURCHARGE[style] if style else 0)
    return OrderLine(
        menu_item_id=entry.menu_item_id,
        name=entry.name,
        quantity=line.quantity,
        serving_style=style,
        unit_price=unit_price,
        line_total=unit_price * line.quantity,
    )


def _sellable_entry(menu: MenuState, menu_item_id: str) -> MenuEntry:
    entry = menu.items.get(menu_item_id)
    if entry is None:
        raise RuleViolation("unknown_menu_item", f"no menu item {menu_item_id!r}")
    if not entry.available:
        raise RuleViolation("item_unavailable", f"{entry.name} is not available")
    return entry


def _serving_style(entry: MenuEntry, requested: ServingStyle | None) -> ServingStyle | None:
    """Extras have no style; a dinner without a requested style gets its first offered one."""
    if entry.kind == "extra":
        if requested is not None:
            raise RuleViolation("style_on_extra", f"{entry.name} has no serving style")
        return None
    if requested is None and entry.serving_styles:
        return entry.serving_styles[0]
    if requested is None or requested not in entry.serving_styles:
        raise RuleViolation(
            "style_not_offered", f"{entry.name} is not served in the {requested or 'any'} style"
        )
    return requested
