"""From a model's answer to a draft order: checked against the menu, times resolved, scored.

Nothing a model says is trusted: unknown items are dropped, quantities clamped to 1..99, a
serving style kept only where that dinner offers it, and the delivery time resolved in Seoul time
(UTC+9, no daylight saving) relative to the clock passed in. Every repair is noted as a problem,
and each problem lowers the confidence shown to the customer with the draft.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from ai_worker.engines import DraftLine, Interpretation, MenuChoice
from ai_worker.prompts import DAYS, NONE
from dinner.clock import KST

MAX_QUANTITY: Final = 99
PROBLEM_PENALTY: Final = 0.7
WEEKDAYS: Final = DAYS[3:]


@dataclass
class _Review:
    menu: dict[str, MenuChoice]
    transcript: str
    problems: list[str] = field(default_factory=list)

    def note(self, problem: str) -> None:
        self.problems.append(problem)


def validate(
    answer: Mapping[str, Any],
    menu: list[MenuChoice],
    *,
    transcript: str,
    now: datetime,
    certainty: float = 1.0,
) -> Interpretation:
    """The draft in a model's `answer`; `certainty` (0..1) is the model's own confidence."""
    review = _Review({choice.menu_item_id: choice for choice in menu}, _words(transcript))
    lines = _lines(answer.get("items"), review)
    if not lines:
        review.note("no menu item was recognised")
    requested_for = _requested_for(answer, now, review)
    address = _text(answer.get("address"), review)
    note = _text(answer.get("note"), review)
    return Interpretation(
        lines=tuple(lines),
        requested_for=requested_for,
        address=address,
        note=note,
        confidence=confidence(certainty, review.problems, has_lines=bool(lines)),
        problems=tuple(review.problems),
    )


def confidence(certainty: float, problems: list[str], *, has_lines: bool) -> float:
    """The model's certainty, lowered by each problem validation found; low without items."""
    score = max(0.0, min(1.0, certainty)) * PROBLEM_PENALTY ** len(problems)
    return round(score if has_lines else min(score, 0.1), 2)


# --- items ---------------------------------------------------------------------------------------


def _lines(items: object, review: _Review) -> list[DraftLine]:
    merged: dict[tuple[str, str | None], int] = {}
    for raw in items if isinstance(items, list) else []:
        line = _line(raw, review) if isinstance(raw, Mapping) else None
        if line is not None:
            key = (line.menu_item_id, line.serving_style)
            merged[key] = merged.get(key, 0) + line.quantity
    return [
        DraftLine(menu_item_id=item_id, quantity=min(quantity, MAX_QUANTITY), serving_style=style)
        for (item_id, style), quantity in merged.items()
    ]


def _line(raw: Mapping[str, Any], review: _Review) -> DraftLine | None:
    item_id = str(raw.get("item") or raw.get("menu_item_id") or "")
    choice = review.menu.get(item_id)
    if choice is None:
        review.note(f"dropped {item_id or 'an item'!r}: not on the menu")
        return None
    if not choice.available:
        review.note(f"dropped {choice.name}: not available today")
        return None
    said = raw.get("said")
    if isinstance(said, str) and said and not _heard(said, review.transcript):
        review.note(f"{choice.name}: the words {said!r} are not in what was said")
    quantity = _quantity(raw.get("quantity"), choice, review)
    style = _style(raw.get("style", raw.get("serving_style")), choice, review)
    return DraftLine(choice.menu_item_id, quantity, style)


def _quantity(raw: object, choice: MenuChoice, review: _Review) -> int:
    quantity = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    if quantity is None:
        review.note(f"{choice.name}: no quantity, 1 assumed")
        return 1
    if not 1 <= quantity <= MAX_QUANTITY:
        review.note(f"{choice.name}: quantity {quantity} is outside 1..{MAX_QUANTITY}")
        return min(max(quantity, 1), MAX_QUANTITY)
    return quantity


def _style(raw: object, choice: MenuChoice, review: _Review) -> str | None:
    style = raw if isinstance(raw, str) and raw not in ("", NONE) else None
    if style is None or not choice.serving_styles:
        return None  # extras have no style; a dinner without one gets the menu's default
    if style not in choice.serving_styles:
        offered = " or ".join(choice.serving_styles)
        review.note(f"{choice.name} is not served {style}; choose {offered}")
        return None
    return style


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("'", "")))


def _heard(said: str, transcript: str) -> bool:
    """Whether most of the words the model quotes occur in the transcript."""
    words = _words(said).split()
    heard = set(transcript.split())
    return not words or sum(word in heard for word in words) >= 0.6 * len(words)


def _text(raw: object, review: _Review) -> str | None:
    """Free text kept only when its words were actually said (small models invent addresses)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    if not _heard(raw, review.transcript):
        review.note(f"dropped {raw!r}: not in what was said")
        return None
    return raw.strip()


# --- delivery time -------------------------------------------------------------------------------


def _requested_for(answer: Mapping[str, Any], now: datetime, review: _Review) -> datetime | None:
    day = str(answer.get("day") or NONE).lower()
    hour, minute = _int(answer.get("hour")), _int(answer.get("minute"))
    if not hour and day == NONE:
        return None
    ampm = _ampm(str(answer.get("ampm") or NONE).lower(), str(answer.get("when") or ""), review)
    clock = _clock(hour, minute, ampm, review)
    if clock is None:
        return None
    local_now = now.astimezone(KST)
    when = datetime.combine(_date(day, clock, local_now, review), clock, KST)
    if when <= local_now:
        review.note(f"the delivery time {when:%Y-%m-%d %H:%M} has already passed")
    return when


def _ampm(ampm: str, when: str, review: _Review) -> str:
    """The model's am/pm, checked against the words: dinners come in the evening by default."""
    words = (when or review.transcript).lower()
    if ampm != "am":
        return ampm
    if re.search(r"tonight|evening|night", words):
        review.note(f"{when or 'the time'!r} says both am and evening; evening assumed")
        return "pm"
    if re.search(r"(\d|\b)a\.? ?m\b|morning", words) is None:
        return NONE  # small models say "am" for "tonight at eight": only spoken words count
    return ampm


def _clock(hour: int, minute: int, ampm: str, review: _Review) -> time | None:
    if not hour and ampm == NONE:
        review.note("a delivery day but no time was given")
        return None
    if not (0 <= hour <= 24 and 0 <= minute <= 59):
        review.note(f"{hour}:{minute:02} is not a time of day")
        return None
    if ampm == "pm" and hour < 12 or ampm == NONE and 1 <= hour <= 11:
        hour += 12  # dinners are delivered in the evening unless the customer says am
    elif ampm == "am" and hour == 12 or hour == 24:
        hour = 0
    return time(hour, minute)


def _date(day: str, clock: time, local_now: datetime, review: _Review) -> date:
    today = local_now.date()
    if day == "today":
        return today
    if day == "tomorrow":
        return today + timedelta(days=1)
    if day == "day_after_tomorrow":
        return today + timedelta(days=2)
    if day in WEEKDAYS:
        ahead = (WEEKDAYS.index(day) - today.weekday()) % 7
        if ahead == 0 and clock <= local_now.time():
            ahead = 7
        return today + timedelta(days=ahead)
    if day != NONE:
        review.note(f"unknown delivery day {day!r}; the next such time is assumed")
    return today if clock > local_now.time() else today + timedelta(days=1)


def _int(raw: object) -> int:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else 0
