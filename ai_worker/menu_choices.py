"""Between the domain's menu and drafts and the engines' plain value types."""

from __future__ import annotations

from ai_worker.engines import Interpretation, MenuChoice
from schemas.events.voice_order import OrderDraft
from schemas.values import MenuState, RequestedLine


def menu_choices(menu: MenuState) -> list[MenuChoice]:
    return [
        MenuChoice(
            menu_item_id=item.menu_item_id,
            name=item.name,
            kind=item.kind,
            serving_styles=tuple(item.serving_styles),
            available=item.available,
        )
        for item in menu.items.values()
        if item.available
    ]


def to_draft(result: Interpretation) -> OrderDraft:
    return OrderDraft(
        items=tuple(
            RequestedLine(
                menu_item_id=line.menu_item_id,
                quantity=line.quantity,
                serving_style=line.serving_style,
            )
            for line in result.lines
        ),
        requested_for=result.requested_for,
        address=result.address,
        note=result.note,
    )
