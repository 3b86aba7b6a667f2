"""Order interpretation with the real Qwen2.5-Coder 1.5B (llama.cpp) on the CPU."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from ai_worker.engines import DraftLine, MenuChoice
from ai_worker.llm import LlmOrderInterpreter
from consumers.errors import PermanentError
from dinner.clock import KST

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=KST)


def test_a_spoken_order_becomes_the_right_draft(
    interpreter: LlmOrderInterpreter, menu: list[MenuChoice]
) -> None:
    result = interpreter.interpret(
        "two french dinners grand style and one cake, tomorrow at seven pm", menu, now=NOW
    )

    assert set(result.lines) == {
        DraftLine("french_dinner", 2, "grand"),
        DraftLine("cake", 1, None),
    }
    assert {line.menu_item_id for line in result.lines} <= {c.menu_item_id for c in menu}
    assert result.requested_for == datetime(2026, 11, 21, 19, 0, tzinfo=KST)
    assert result.problems == ()
    assert result.confidence > 0.5


def test_misheard_numbers_and_dish_names_are_read_as_meant(
    interpreter: LlmOrderInterpreter, menu: list[MenuChoice]
) -> None:
    result = interpreter.interpret(
        "I would like to English dinner's in deluxe style and a chocolate cake tonight at 8.",
        menu,
        now=NOW,
    )

    assert set(result.lines) == {
        DraftLine("english_dinner", 2, "deluxe"),
        DraftLine("cake", 1, None),
    }
    assert result.requested_for == NOW.replace(hour=20)


def test_only_items_of_the_live_menu_can_be_chosen(
    interpreter: LlmOrderInterpreter, menu: list[MenuChoice]
) -> None:
    no_cake = [choice for choice in menu if choice.menu_item_id != "cake"]

    result = interpreter.interpret("one steak and one cake, tomorrow at six pm", no_cake, now=NOW)

    assert "cake" not in {line.menu_item_id for line in result.lines}
    assert DraftLine("steak", 1, None) in result.lines
    assert result.requested_for == NOW.replace(hour=18) + timedelta(days=1)


def test_the_same_words_give_the_same_draft(
    interpreter: LlmOrderInterpreter, menu: list[MenuChoice]
) -> None:
    said = "three coffees and a baguette today at five pm"

    first = interpreter.interpret(said, menu, now=NOW)
    second = interpreter.interpret(said, menu, now=NOW)

    # Greedy decoding picks the same tokens; their probabilities differ in the last digits
    # between a fresh prompt and one continued from the cache.
    assert (first.lines, first.requested_for, first.problems) == (
        second.lines,
        second.requested_for,
        second.problems,
    )
    assert first.confidence == pytest.approx(second.confidence, abs=0.05)


@pytest.mark.parametrize("said", ["", "   \n "])
def test_an_empty_transcript_is_a_permanent_error(
    interpreter: LlmOrderInterpreter, menu: list[MenuChoice], said: str
) -> None:
    with pytest.raises(PermanentError, match="empty"):
        interpreter.interpret(said, menu, now=NOW)
