"""The menu decider: one stream (`menu`) holding every item of the catalogue."""

from __future__ import annotations

import re
from typing import assert_never

from domain.catalogue import DEFAULT_MENU, seed_commands
from domain.errors import AlreadyExists, NotFound, RuleViolation
from domain.guards import require_text
from domain.pricing import SERVING_STYLE_SURCHARGE, price_lines
from schemas.commands.menu import AddMenuItem, ChangeMenuItem, MenuCommand, SeedMenu
from schemas.events.menu import MenuEvent, MenuItemAdded, MenuItemChanged
from schemas.values import MenuEntry, MenuState

__all__ = [
    "DEFAULT_MENU",
    "SERVING_STYLE_SURCHARGE",
    "MenuEntry",
    "MenuState",
    "decide",
    "evolve",
    "initial_state",
    "price_lines",
    "seed_commands",
]

_MENU_ITEM_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
# Far above any dinner, and low enough that a full order's total stays a 64-bit integer, as
# the read models and every JSON encoder on the way store it.
MAX_PRICE = 100_000_000


def initial_state() -> MenuState:
    return MenuState()


def evolve(state: MenuState, event: MenuEvent) -> MenuState:
    match event:
        case MenuItemAdded():
            entry = MenuEntry(**event.model_dump(exclude={"at"}))
        case MenuItemChanged():
            current = state.items[event.menu_item_id]
            changes = event.model_dump(include={"price", "available", "name"}, exclude_none=True)
            entry = current.model_copy(update=changes)
        case _:
            assert_never(event)
    return MenuState(items={**state.items, entry.menu_item_id: entry})


def decide(command: MenuCommand, state: MenuState) -> list[MenuEvent]:
    match command:
        case AddMenuItem():
            return _add(command, state)
        case ChangeMenuItem():
            return _change(command, state)
        case SeedMenu():
            return _seed(command, state)
        case _:
            assert_never(command)


def _add(command: AddMenuItem, state: MenuState) -> list[MenuEvent]:
    if command.menu_item_id in state.items:
        raise AlreadyExists("menu_item_exists", f"menu item {command.menu_item_id!r} exists")
    if not _MENU_ITEM_ID.fullmatch(command.menu_item_id):
        raise RuleViolation(
            "invalid_menu_item_id", "a menu item id is lower-case letters, digits and _"
        )
    require_text(command.name, "name_required", "the name")
    _require_valid_price(command.price)
    if command.kind == "dinner" and not command.serving_styles:
        raise RuleViolation("serving_styles_required", "a dinner needs a serving style")
    if command.kind == "extra" and command.serving_styles:
        raise RuleViolation("style_on_extra", "an extra has no serving styles")
    return [MenuItemAdded(**command.model_dump())]


def _seed(command: SeedMenu, state: MenuState) -> list[MenuEvent]:
    if state.items:
        return []  # a menu with a history is never seeded again
    events: list[MenuEvent] = []
    for add in command.items:
        decided = _add(add, state)
        state = evolve(state, decided[0])
        events.extend(decided)
    return events


def _change(command: ChangeMenuItem, state: MenuState) -> list[MenuEvent]:
    current = state.items.get(command.menu_item_id)
    if current is None:
        raise NotFound("menu_item_not_found", f"no menu item {command.menu_item_id!r}")
    if command.price is None and command.available is None and command.name is None:
        raise RuleViolation("nothing_to_change", "give a price, availability or name")
    if command.price is not None:
        _require_valid_price(command.price)
    if command.name is not None:
        require_text(command.name, "name_required", "the name")
    changes = {
        field: value
        for field, value in command.model_dump(include={"price", "available", "name"}).items()
        if value is not None and value != getattr(current, field)
    }
    if not changes:
        return []  # already so: a repeated change records nothing
    return [MenuItemChanged(menu_item_id=command.menu_item_id, at=command.at, **changes)]


def _require_valid_price(price: int) -> None:
    if price <= 0:
        raise RuleViolation("price_not_positive", "a price must be more than 0 KRW")
    if price > MAX_PRICE:
        raise RuleViolation("price_too_high", f"a price must be at most {MAX_PRICE:,} KRW")
