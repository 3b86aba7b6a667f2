"""The menu read model's `evolve`: one row per item with its current price and availability."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain import MENU, fold
from domain.errors import DomainError
from domain.menu import seed_commands
from projections.menu import MenuModel, evolve
from schemas.commands import ChangeMenuItem
from schemas.events import MenuItemAdded, MenuItemChanged
from schemas.streams import MENU_STREAM
from tests.unit.factories import T0, at
from tests.unit.projections.history import PROPERTY, as_projected

TEA = MenuItemAdded(
    menu_item_id="tea",
    name="Tea",
    kind="extra",
    price=3_000,
    available=True,
    serving_styles=(),
    description="Black tea.",
    at=T0,
)


def seeded():
    events, state = [], MENU.initial_state()
    for command in seed_commands(T0):
        new = MENU.decide(command, state)
        state = fold(MENU, new, state)
        events.extend(new)
    return events


SEEDED = seeded()
ITEM_IDS = sorted({event.menu_item_id for event in SEEDED})


def menu_rows(events):
    """The table after `events`, keyed as the model keys it."""
    rows = {}
    for event in as_projected(events, MENU_STREAM):
        key = MenuModel().key_of(event)
        rows[key] = evolve(rows.get(key), event)
    return rows


def test_an_added_item_becomes_a_row():
    (added,) = as_projected([TEA], MENU_STREAM)
    assert evolve(None, added) == {
        "menu_item_id": "tea",
        "name": "Tea",
        "kind": "extra",
        "price": 3_000,
        "available": True,
        "serving_styles": [],
        "description": "Black tea.",
        "position": 1,
    }


def test_a_change_sets_only_the_fields_it_names():
    change = MenuItemChanged(menu_item_id="tea", price=3_500, at=at(1))
    take_off = MenuItemChanged(menu_item_id="tea", available=False, name="Green tea", at=at(2))
    rows = menu_rows([TEA, change, take_off])

    assert rows["tea"] == {
        "menu_item_id": "tea",
        "name": "Green tea",
        "kind": "extra",
        "price": 3_500,
        "available": False,
        "serving_styles": [],
        "description": "Black tea.",
        "position": 3,
    }


def test_a_change_to_an_item_never_added_leaves_no_row():
    (change,) = as_projected([MenuItemChanged(menu_item_id="tea", price=1, at=T0)], MENU_STREAM)
    assert evolve(None, change) is None


changes = st.builds(
    ChangeMenuItem,
    menu_item_id=st.sampled_from(ITEM_IDS),
    price=st.none() | st.integers(-1, 200_000),
    available=st.none() | st.booleans(),
    name=st.none() | st.sampled_from(["Tea", "", "Feast"]),
    at=st.just(T0),
)


@PROPERTY
@given(st.lists(changes, max_size=30))
def test_the_rows_match_the_write_sides_menu_after_any_changes(commands):
    events, state = list(SEEDED), fold(MENU, SEEDED)
    for command in commands:
        try:
            new = MENU.decide(command, state)
        except DomainError:
            continue
        state = fold(MENU, new, state)
        events.extend(new)
    rows = menu_rows(events)

    assert set(rows) == set(state.items)
    for item_id, entry in state.items.items():
        assert rows[item_id] == {
            **entry.model_dump(mode="json"),
            "position": max(i for i, e in enumerate(events, 1) if e.menu_item_id == item_id),
        }
