"""What the models are told, built from the live menu (no model needed)."""

from __future__ import annotations

import json

import pytest

from ai_worker.engines import MenuChoice
from ai_worker.prompts import chat, heard_as_meant, output_schema, stt_prompt


def test_the_whisper_prompt_names_every_dish_and_style(menu: list[MenuChoice]) -> None:
    prompt = stt_prompt(menu)

    for choice in menu:
        assert choice.name.lower() in prompt.lower()
    for style in ("simple", "grand", "deluxe"):
        assert style in prompt


def test_the_whisper_prompt_speaks_extras_with_their_article(menu: list[MenuChoice]) -> None:
    tart = MenuChoice("egg_tart", "Egg Tart", "extra", ())

    prompt = stt_prompt([*menu, tart])

    assert "a steak" in prompt
    assert "an egg tart" in prompt
    assert "a scrambled eggs" not in prompt
    assert "deliver" in prompt


def test_the_whisper_prompt_reads_well_for_a_one_item_menu() -> None:
    prompt = stt_prompt([MenuChoice("cake", "Cake", "extra", ())])

    assert prompt.startswith("I'd like a cake. ")


def test_the_schema_offers_exactly_the_live_menu(menu: list[MenuChoice]) -> None:
    schema = output_schema(menu[:3])

    item = schema["properties"]["items"]["items"]["properties"]["item"]
    assert item["enum"] == [choice.menu_item_id for choice in menu[:3]]


def test_worked_examples_never_show_items_the_menu_lacks(menu: list[MenuChoice]) -> None:
    no_cake = [choice for choice in menu if choice.menu_item_id != "cake"]

    messages = chat("one salad", no_cake)

    answers = [json.loads(m["content"]) for m in messages if m["role"] == "assistant"]
    assert answers
    assert all(line["item"] != "cake" for answer in answers for line in answer["items"])
    assert messages[-1] == {"role": "user", "content": "one salad"}


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("Please send to English Dinner's deluxe", "Please send two English Dinner's deluxe"),
        ("too cakes and to coffees", "two cakes and two coffees"),
        ("I would like to order a cake", "I would like to order a cake"),
        ("add a salad to the French dinner", "add a salad to the French dinner"),
    ],
)
def test_to_before_a_dish_is_read_as_two(menu: list[MenuChoice], heard: str, meant: str) -> None:
    assert heard_as_meant(heard, menu) == meant


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        (
            "Please ring for French Dinner's grand style",
            "Please ring four French Dinner's grand style",
        ),
        ("for coffees and a cake", "four coffees and a cake"),
        ("a bottle of wine for the Valentine Dinner", "a bottle of wine for the Valentine Dinner"),
        ("champagne for Valentine Dinner", "champagne for Valentine Dinner"),
        ("two coffees for tonight", "two coffees for tonight"),
    ],
)
def test_for_before_plural_dishes_is_read_as_four(
    menu: list[MenuChoice], heard: str, meant: str
) -> None:
    assert heard_as_meant(heard, menu) == meant
