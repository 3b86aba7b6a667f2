"""Specs for the menu: adding and changing items, and the seeded catalogue."""

from __future__ import annotations

import pytest

from domain import MENU, fold
from domain.errors import AlreadyExists, NotFound, RuleViolation
from domain.menu import DEFAULT_MENU, seed_commands
from schemas.commands import AddMenuItem, ChangeMenuItem
from schemas.events import MenuItemAdded, MenuItemChanged
from tests.unit.factories import MENU_STATE, T0, at
from tests.unit.spec import DeciderSpec

spec = DeciderSpec(MENU)
STEAK_ADDED = MenuItemAdded(
    menu_item_id="steak",
    name="Steak",
    kind="extra",
    price=25_000,
    available=True,
    serving_styles=(),
    description="A grilled sirloin steak.",
    at=T0,
)


def add(**overrides):
    fields = {
        "menu_item_id": "tiramisu",
        "name": "Tiramisu",
        "kind": "extra",
        "price": 8_000,
        "description": "Coffee-soaked sponge and mascarpone.",
        "at": at(1),
    }
    return AddMenuItem(**(fields | overrides))


def change(**fields):
    return ChangeMenuItem(menu_item_id="steak", at=at(1), **fields)


def test_an_item_is_added():
    spec.given().when(add()).then(
        MenuItemAdded(
            menu_item_id="tiramisu",
            name="Tiramisu",
            kind="extra",
            price=8_000,
            available=True,
            serving_styles=(),
            description="Coffee-soaked sponge and mascarpone.",
            at=at(1),
        )
    )


def test_a_dinner_is_added_with_its_styles():
    command = add(menu_item_id="korean_dinner", kind="dinner", serving_styles=("simple", "grand"))
    (event,) = MENU.decide(command, MENU.initial_state())
    assert event.serving_styles == ("simple", "grand")


def test_an_item_id_is_added_once():
    spec.given(STEAK_ADDED).when(add(menu_item_id="steak")).then_fails(
        AlreadyExists, "menu_item_exists"
    )


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"price": 0}, "price_not_positive"),
        ({"price": -5}, "price_not_positive"),
        ({"price": 10**20}, "price_too_high"),
        ({"name": " "}, "name_required"),
        ({"menu_item_id": "Bad Id"}, "invalid_menu_item_id"),
        ({"kind": "dinner"}, "serving_styles_required"),
        ({"serving_styles": ("grand",)}, "style_on_extra"),
    ],
)
def test_an_invalid_item_is_refused(overrides, code):
    spec.given().when(add(**overrides)).then_fails(RuleViolation, code)


def test_a_price_and_availability_change_records_only_what_changed():
    spec.given(STEAK_ADDED).when(change(price=27_000, available=False, name="Steak")).then(
        MenuItemChanged(menu_item_id="steak", price=27_000, available=False, at=at(1))
    )


def test_a_change_to_the_current_values_records_nothing():
    spec.given(STEAK_ADDED).when(change(price=25_000)).then_nothing()


def test_changing_an_unknown_item_is_not_found():
    spec.given().when(change(price=1)).then_fails(NotFound, "menu_item_not_found")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({}, "nothing_to_change"),
        ({"price": 0}, "price_not_positive"),
        ({"price": 100_000_001}, "price_too_high"),
        ({"name": ""}, "name_required"),
    ],
)
def test_an_invalid_change_is_refused(fields, code):
    spec.given(STEAK_ADDED).when(change(**fields)).then_fails(RuleViolation, code)


def test_a_change_is_folded_into_the_entry():
    state = fold(MENU, [STEAK_ADDED, MenuItemChanged(menu_item_id="steak", price=1, at=at(1))])
    assert state.items["steak"].price == 1
    assert state.items["steak"].name == "Steak"


def test_the_seed_builds_the_default_catalogue():
    assert [entry.menu_item_id for entry in MENU_STATE.items.values()] == [
        entry.menu_item_id for entry in DEFAULT_MENU
    ]
    assert MENU_STATE.items["champagne_feast_dinner"].serving_styles == ("grand", "deluxe")
    assert MENU_STATE.items["valentine_dinner"].price == 60_000
    assert all(entry.description for entry in DEFAULT_MENU)


def test_seeding_twice_is_refused():
    command = seed_commands(T0)[0]
    spec.given().when(command).then(MenuItemAdded(**command.model_dump()))
    with pytest.raises(AlreadyExists):
        MENU.decide(command, MENU_STATE)
