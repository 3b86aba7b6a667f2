"""Pricing rules: style surcharges, default styles and every line that cannot be sold."""

from __future__ import annotations

import pytest

from domain.errors import RuleViolation
from domain.menu import SERVING_STYLE_SURCHARGE, price_lines
from tests.unit.factories import MENU_STATE, lines


@pytest.mark.parametrize("style", ["simple", "grand", "deluxe"])
def test_a_dinner_costs_its_price_plus_the_style_surcharge(style):
    priced, total = price_lines(MENU_STATE, lines(("english_dinner", 3, style)))
    unit = 65_000 + SERVING_STYLE_SURCHARGE[style]
    assert (priced[0].unit_price, priced[0].line_total, total) == (unit, 3 * unit, 3 * unit)


def test_a_dinner_without_a_style_gets_its_first_offered_style():
    priced, total = price_lines(MENU_STATE, lines(("champagne_feast_dinner", 1)))
    assert priced[0].serving_style == "grand"
    assert total == 130_000


def test_the_total_is_the_sum_of_the_lines():
    priced, total = price_lines(MENU_STATE, lines(("valentine_dinner", 1, "simple"), ("cake", 2)))
    assert total == sum(line.line_total for line in priced) == 60_000 + 50_000


def test_an_unavailable_item_cannot_be_ordered():
    menu = MENU_STATE.model_copy(
        update={
            "items": MENU_STATE.items
            | {"wine": MENU_STATE.items["wine"].model_copy(update={"available": False})}
        }
    )
    with pytest.raises(RuleViolation) as raised:
        price_lines(menu, lines(("wine", 1)))
    assert raised.value.code == "item_unavailable"


@pytest.mark.parametrize(
    ("requested", "code"),
    [
        (lines(), "no_items"),
        (lines(*[("coffee", 1)] * 21), "too_many_lines"),
        (lines(("coffee", 0)), "quantity_out_of_range"),
        (lines(("coffee", 100)), "quantity_out_of_range"),
        (lines(("coffee", -1)), "quantity_out_of_range"),
        (lines(("caviar", 1)), "unknown_menu_item"),
        (lines(("champagne_feast_dinner", 1, "simple")), "style_not_offered"),
        (lines(("salad", 1, "grand")), "style_on_extra"),
    ],
)
def test_lines_that_cannot_be_sold(requested, code):
    with pytest.raises(RuleViolation) as raised:
        price_lines(MENU_STATE, requested)
    assert raised.value.code == code
    assert raised.value.http_status == 422


def test_limits_are_inclusive():
    _, total = price_lines(MENU_STATE, lines(*[("coffee", 99)] * 20))
    assert total == 20 * 99 * 4_000
