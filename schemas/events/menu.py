"""Events of the single menu stream (`menu`)."""

from __future__ import annotations

from typing import ClassVar, TypeAlias

from pydantic import AwareDatetime

from schemas.events.base import DomainEvent
from schemas.values import MenuItemKind, ServingStyle


class MenuItemAdded(DomainEvent):
    event_type: ClassVar[str] = "MenuItemAdded"

    menu_item_id: str
    name: str
    kind: MenuItemKind
    price: int
    available: bool
    serving_styles: tuple[ServingStyle, ...]
    description: str
    at: AwareDatetime


class MenuItemChanged(DomainEvent):
    """Only the fields that changed are set; `None` means unchanged."""

    event_type: ClassVar[str] = "MenuItemChanged"

    menu_item_id: str
    price: int | None = None
    available: bool | None = None
    name: str | None = None
    at: AwareDatetime


MenuEvent: TypeAlias = MenuItemAdded | MenuItemChanged
