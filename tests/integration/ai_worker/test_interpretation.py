"""Validation of a model's answer against the menu, with hand-written answers (no model)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ai_worker.engines import DraftLine, MenuChoice
from ai_worker.interpretation import validate
from dinner.clock import KST

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=KST)  # a Friday afternoon in Seoul


def answer(*items: dict[str, Any], **fields: Any) -> dict[str, Any]:
    time = {"day": "none", "hour": 0, "minute": 0, "ampm": "none", "address": "", "note": ""}
    return {"items": list(items), **time, **fields}


def item(item_id: str, quantity: Any = 1, style: str = "none", said: str = "") -> dict[str, Any]:
    return {"said": said, "item": item_id, "quantity": quantity, "style": style}


def test_unknown_items_are_dropped_with_a_problem(menu: list[MenuChoice]) -> None:
    result = validate(
        answer(item("lobster", 2), item("cake")),
        menu,
        transcript="two lobsters and a cake",
        now=NOW,
    )

    assert result.lines == (DraftLine("cake", 1, None),)
    assert any("lobster" in problem for problem in result.problems)
    assert result.confidence < 1.0


def test_nothing_recognised_leaves_an_empty_low_confidence_draft(menu: list[MenuChoice]) -> None:
    result = validate(answer(item("pizza")), menu, transcript="a pizza", now=NOW)

    assert result.lines == ()
    assert result.confidence <= 0.1


def test_unavailable_items_are_dropped(menu: list[MenuChoice]) -> None:
    sold_out = [
        MenuChoice(c.menu_item_id, c.name, c.kind, c.serving_styles, c.menu_item_id != "wine")
        for c in menu
    ]

    result = validate(answer(item("wine"), item("salad")), sold_out, transcript="wine", now=NOW)

    assert result.lines == (DraftLine("salad", 1, None),)
    assert any("Wine" in problem for problem in result.problems)


def test_quantities_are_clamped_to_1_to_99(menu: list[MenuChoice]) -> None:
    result = validate(
        answer(item("coffee", 0), item("salad", 500), item("cake", "many")),
        menu,
        transcript="coffee salad cake",
        now=NOW,
    )

    assert set(result.lines) == {
        DraftLine("coffee", 1, None),
        DraftLine("salad", 99, None),
        DraftLine("cake", 1, None),
    }
    assert len(result.problems) == 3


def test_a_style_must_be_offered_by_that_dinner(menu: list[MenuChoice]) -> None:
    result = validate(
        answer(item("champagne_feast_dinner", 1, "simple"), item("wine", 1, "deluxe")),
        menu,
        transcript="champagne feast dinner simple and wine",
        now=NOW,
    )

    assert set(result.lines) == {
        DraftLine("champagne_feast_dinner", 1, None),
        DraftLine("wine", 1, None),
    }
    assert result.problems == (
        "Champagne Feast Dinner is not served simple; choose grand or deluxe",
    )


def test_repeated_lines_are_merged(menu: list[MenuChoice]) -> None:
    result = validate(
        answer(item("french_dinner", 1, "grand"), item("french_dinner", 2, "grand")),
        menu,
        transcript="french dinner grand",
        now=NOW,
    )

    assert result.lines == (DraftLine("french_dinner", 3, "grand"),)


def test_words_the_customer_never_said_are_flagged(menu: list[MenuChoice]) -> None:
    result = validate(
        answer(item("steak", said="a juicy steak"), address="7 Gangnam Street"),
        menu,
        transcript="a salad please",
        now=NOW,
    )

    assert result.address is None
    assert len(result.problems) == 2


def test_tomorrow_at_seven_pm_is_resolved_in_seoul_time(menu: list[MenuChoice]) -> None:
    utc_now = NOW.astimezone(UTC)  # the clock may come in any zone

    result = validate(
        answer(item("cake"), day="tomorrow", hour=7, ampm="pm"), menu, transcript="", now=utc_now
    )

    assert result.requested_for == datetime(2026, 11, 21, 19, 0, tzinfo=KST)
    assert result.problems == ()


def test_clock_times(menu: list[MenuChoice]) -> None:
    def at(**fields: Any) -> datetime | None:
        return validate(answer(item("cake"), **fields), menu, transcript="", now=NOW).requested_for

    today = NOW.replace(minute=0)
    assert at(day="today", hour=6, minute=30, ampm="pm") == today.replace(hour=18, minute=30)
    assert at(day="tomorrow", hour=9, ampm="am", when="9 am") == today.replace(hour=9) + timedelta(
        days=1
    )
    assert at(day="tomorrow", hour=12, ampm="am", when="12 am") == today.replace(
        hour=0
    ) + timedelta(days=1)
    assert at(day="today", hour=8) == today.replace(hour=20)  # dinner: pm unless am is said
    assert at(day="today", hour=19) == today.replace(hour=19)
    assert at(day="sunday", hour=7, ampm="pm") == today.replace(hour=19) + timedelta(days=2)
    assert at(day="friday", hour=7, ampm="pm") == today.replace(hour=19)
    assert at(day="friday", hour=9, ampm="am", when="9 a.m.") == today.replace(hour=9) + timedelta(
        days=7
    )
    assert at(hour=9, ampm="pm") == today.replace(hour=21)
    assert at(hour=10, ampm="am", when="10 in the morning") == today.replace(hour=10) + timedelta(
        days=1
    )
    assert at() is None


def test_impossible_or_past_times_are_problems(menu: list[MenuChoice]) -> None:
    def problems(**fields: Any) -> tuple[str, ...]:
        return validate(answer(item("cake"), **fields), menu, transcript="", now=NOW).problems

    assert problems(day="today", hour=11, ampm="am", when="11am") == (
        "the delivery time 2026-11-20 11:00 has already passed",
    )
    assert problems(day="today", hour=31) == ("31:00 is not a time of day",)
    assert problems(day="tomorrow") == ("a delivery day but no time was given",)


def test_am_counts_only_when_it_was_said(menu: list[MenuChoice]) -> None:
    def resolved(when: str) -> tuple[datetime | None, int]:
        fields = {"when": when, "day": "today", "hour": 8, "ampm": "am"}
        result = validate(answer(item("cake"), **fields), menu, transcript=when, now=NOW)
        return result.requested_for, len(result.problems)

    evening = NOW.replace(hour=20)
    assert resolved("today at eight") == (evening, 0)
    assert resolved("tonight at 8am") == (evening, 1)  # contradictory words are a problem
    assert resolved("today at 8 a.m.") == (NOW.replace(hour=8), 1)  # and that has passed


def test_each_problem_lowers_the_confidence(menu: list[MenuChoice]) -> None:
    def confidence(*items: dict[str, Any]) -> float:
        return validate(answer(*items), menu, transcript="", now=NOW, certainty=0.9).confidence

    clean = confidence(item("cake"))
    one = confidence(item("cake"), item("lobster"))
    two = confidence(item("cake"), item("lobster"), item("pizza"))

    assert clean == 0.9
    assert clean > one > two > 0
