"""The default catalogue seeded into an empty menu stream on first start."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from schemas.commands.menu import AddMenuItem, SeedMenu
from schemas.values import MenuEntry, ServingStyle

ALL_STYLES: Final[tuple[ServingStyle, ...]] = ("simple", "grand", "deluxe")


_DINNERS: Final[tuple[tuple[str, str, int, tuple[ServingStyle, ...], str], ...]] = (
    ("valentine_dinner", "Valentine Dinner", 60_000, ALL_STYLES,
     "Wine and steak, served with a small heart and cupid decoration."),
    ("french_dinner", "French Dinner", 70_000, ALL_STYLES,
     "Coffee, wine, salad and steak in the French manner."),
    ("english_dinner", "English Dinner", 65_000, ALL_STYLES,
     "Scrambled eggs, bacon, bread and steak."),
    ("champagne_feast_dinner", "Champagne Feast Dinner", 120_000, ("grand", "deluxe"),
     "A feast for two: champagne, baguettes, coffee, wine and steak."),
)  # fmt: skip

_EXTRAS: Final[tuple[tuple[str, str, int, str], ...]] = (
    ("steak", "Steak", 25_000, "A grilled sirloin steak."),
    ("salad", "Salad", 9_000, "A fresh garden salad."),
    ("wine", "Wine", 30_000, "A bottle of house red wine."),
    ("champagne", "Champagne", 45_000, "A bottle of champagne."),
    ("coffee", "Coffee", 4_000, "A pot of freshly brewed coffee."),
    ("baguette", "Baguette", 5_000, "A freshly baked baguette."),
    ("scrambled_eggs", "Scrambled Eggs", 6_000, "Soft scrambled eggs."),
    ("bacon", "Bacon", 7_000, "Crisp smoked bacon."),
    ("cake", "Cake", 25_000, "A celebration cake; a design image can be generated for it."),
)

DEFAULT_MENU: Final[tuple[MenuEntry, ...]] = (
    *(
        MenuEntry(
            menu_item_id=item_id,
            name=name,
            kind="dinner",
            price=price,
            serving_styles=styles,
            description=description,
        )
        for item_id, name, price, styles, description in _DINNERS
    ),
    *(
        MenuEntry(
            menu_item_id=item_id, name=name, kind="extra", price=price, description=description
        )
        for item_id, name, price, description in _EXTRAS
    ),
)


def seed_commands(at: datetime) -> list[AddMenuItem]:
    """The AddMenuItem commands that put the default catalogue on an empty menu."""
    return [AddMenuItem(**entry.model_dump(), at=at) for entry in DEFAULT_MENU]


def seed_menu_command(at: datetime) -> SeedMenu:
    return SeedMenu(items=tuple(seed_commands(at)), at=at)
