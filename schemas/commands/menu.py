"""Commands on the menu (admin only; the API checks the role)."""

from __future__ import annotations

from typing import TypeAlias

from pydantic import AwareDatetime

from schemas.commands.base import Command
from schemas.values import MenuItemKind, ServingStyle


class AddMenuItem(Command):
    menu_item_id: str
    name: str
    kind: MenuItemKind
    price: int
    available: bool = True
    serving_styles: tuple[ServingStyle, ...] = ()
    description: str = ""
    at: AwareDatetime


class ChangeMenuItem(Command):
    """Fields left as `None` stay as they are."""

    menu_item_id: str
    price: int | None = None
    available: bool | None = None
    name: str | None = None
    at: AwareDatetime


class SeedMenu(Command):
    """The default catalogue, added only while the menu has no items at all."""

    items: tuple[AddMenuItem, ...]
    at: AwareDatetime


MenuCommand: TypeAlias = AddMenuItem | ChangeMenuItem | SeedMenu
