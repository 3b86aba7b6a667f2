"""What the models are told: Whisper's menu-aware initial prompt, and the interpreter's chat.

The interpreter's answer is constrained by a JSON schema whose item ids are the live menu's ids.
It reports the delivery time as day / hour / minute / am-pm fields (code resolves them against the
clock) and copies the words it relied on, which validation checks against the transcript. The
worked examples come first and change rarely, so the model server can reuse their cached state.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from ai_worker.engines import MenuChoice

STYLES: Final[tuple[str, ...]] = ("simple", "grand", "deluxe")
DAYS: Final[tuple[str, ...]] = (
    "today", "tomorrow", "day_after_tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip
NONE: Final = "none"


def stt_prompt(menu: list[MenuChoice]) -> str:
    """Whisper's initial prompt: a made-up order that uses every dish name on the menu.

    Whisper continues the style of its prompt, so an order written the way orders are spoken
    (numbers as words before dishes, "a" before an extra, "please deliver it", times as digits)
    helps more than a bare list of names; without "deliver" in it, tiny.en hears "deliver it" as
    the serving style "deluxe".
    """
    counts = ("two", "one", "three", "a")
    parts = []
    for i, choice in enumerate(c for c in menu if c.kind == "dinner"):
        count, style = counts[i % len(counts)], STYLES[i % len(STYLES)]
        offered = [s for s in STYLES if s in choice.serving_styles] or [""]
        style = style if style in offered else offered[0]
        plural = "s" if count in ("two", "three") else ""
        parts.append(f"{count} {choice.name}{plural}" + (f", {style} style" if style else ""))
    parts += [_one(choice.name.lower()) for choice in menu if choice.kind != "dinner"]
    listed = f"{', '.join(parts[:-1])} and {parts[-1]}" if len(parts) > 1 else "".join(parts)
    return f"I'd like {listed}. Please deliver it tonight at 7:30 pm. Two coffees tomorrow at 9 am."


def _one(name: str) -> str:
    """An extra with its article ("a steak"); names already plural ("scrambled eggs") go without."""
    if name.endswith("s"):
        return name
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def output_schema(menu: list[MenuChoice]) -> dict[str, Any]:
    """The JSON schema of the interpreter's answer; item ids are the menu's enum.

    The time comes first: once its words are used up, the items are what is left to copy.
    """
    text = {"type": "string", "maxLength": 80}
    item = {
        "type": "object",
        "properties": {
            "said": text,
            "item": {"enum": [choice.menu_item_id for choice in menu]},
            "quantity": {"type": "integer"},
            "style": {"enum": [*STYLES, NONE]},
        },
        "required": ["said", "item", "quantity", "style"],
    }
    return {
        "type": "object",
        "properties": {
            "when": text,
            "day": {"enum": [*DAYS, NONE]},
            "hour": {"type": "integer"},
            "minute": {"type": "integer"},
            "ampm": {"enum": ["am", "pm", NONE]},
            "items": {"type": "array", "items": item, "maxItems": 12},
            "address": text,
            "note": text,
        },
        "required": ["when", "day", "hour", "minute", "ampm", "items", "address", "note"],
    }


SYSTEM: Final = """\
You turn a customer's spoken dinner order into JSON for a dinner-delivery service. The text comes \
from speech recognition, so words may be misheard ("to" or "too" often means "two").

Menu (id: name, serving styles):
{menu}

Answer with:
- "when": the words about the delivery time, or "". "day": today (also tonight), tomorrow, \
day_after_tomorrow, a weekday, or "none". "hour" (1-12) and "minute" as said; "ampm": am, pm \
or "none" if not said. hour 0 if no time is said.
- "items": one entry for each menu item ordered. "said" copies the words for that item only; \
"quantity": how many ("a" or "one" is 1; "two", "to" or "too" before a dish is 2); "style": the \
serving style said for a dinner (simple, grand or deluxe), else "none". Extras have no style.
- A chocolate or birthday cake is the cake. A bottle of champagne is champagne; the Champagne \
Feast Dinner is champagne_feast_dinner.
- "address": the delivery address if said, else "". "note": any other request, else "".
"""


def _answer(
    when: str,
    day: str,
    hour: int,
    minute: int,
    ampm: str,
    items: list[tuple[str, str, int, str]],
    address: str = "",
    note: str = "",
) -> dict[str, Any]:
    return {
        "when": when,
        "day": day,
        "hour": hour,
        "minute": minute,
        "ampm": ampm,
        "items": [
            {"said": said, "item": item, "quantity": quantity, "style": style}
            for said, item, quantity, style in items
        ],
        "address": address,
        "note": note,
    }


EXAMPLES: Final[tuple[tuple[str, dict[str, Any]], ...]] = (
    (
        "Hi, can I get to English dinners in simple style and a bottle of wine tonight at "
        "nine fifteen?",
        _answer(
            "tonight at nine fifteen",
            "today",
            9,
            15,
            "none",
            [
                ("to English dinners in simple style", "english_dinner", 2, "simple"),
                ("a bottle of wine", "wine", 1, "none"),
            ],
        ),
    ),
    (
        "The Valentine Dinner, grand, please. Deliver it on Thursday at 6.45 p.m. to "
        "12 Hannam Road.",
        _answer(
            "on Thursday at 6.45 p.m.",
            "thursday",
            6,
            45,
            "pm",
            [
                ("The Valentine Dinner, grand", "valentine_dinner", 1, "grand"),
            ],
            address="12 Hannam Road",
        ),
    ),
    (
        "Three coffees, a chocolate cake with happy birthday on it and an extra bottle of "
        "champagne for tomorrow at 10 am.",
        _answer(
            "tomorrow at 10 am",
            "tomorrow",
            10,
            0,
            "am",
            [
                ("Three coffees", "coffee", 3, "none"),
                ("a chocolate cake", "cake", 1, "none"),
                ("an extra bottle of champagne", "champagne", 1, "none"),
            ],
            note="happy birthday on the cake",
        ),
    ),
    (
        "French dinner please, and scrambled eggs with bacon.",
        _answer(
            "",
            "none",
            0,
            0,
            "none",
            [
                ("French dinner", "french_dinner", 1, "none"),
                ("scrambled eggs", "scrambled_eggs", 1, "none"),
                ("bacon", "bacon", 1, "none"),
            ],
        ),
    ),
)


def heard_as_meant(transcript: str, menu: list[MenuChoice]) -> str:
    """The transcript with "to"/"too" right before a dish name read as "two", and "for" right
    before a plural dish name read as "four".

    Speech recognition cannot tell them apart, and the small model does not always follow the
    rule it is given; "to French Dinner" is never English, "two French Dinners" is an order.
    "for" stays a preposition before a single dish ("wine for the Valentine Dinner").
    """
    names = sorted(
        {c.name.lower() for c in menu} | {c.menu_item_id.replace("_", " ") for c in menu}
    )
    dishes = "|".join(re.escape(name) for name in names if name)
    if not dishes:
        return transcript
    two = rf"\b(?:to|too)(?=\s+(?:{dishes})(?:'?s)?\b)"
    four = rf"\b(?:for|fore)(?=\s+(?:{dishes})'?s\b)"
    said = re.sub(two, "two", transcript, flags=re.IGNORECASE)
    return re.sub(four, "four", said, flags=re.IGNORECASE)


def menu_lines(menu: list[MenuChoice]) -> str:
    lines = []
    for choice in menu:
        styles = ", ".join(choice.serving_styles) if choice.serving_styles else "extra, no style"
        lines.append(f"- {choice.menu_item_id}: {choice.name} ({styles})")
    return "\n".join(lines)


def chat(transcript: str, menu: list[MenuChoice]) -> list[dict[str, str]]:
    """The messages for one order: system rules, worked examples, then the transcript."""
    known = {choice.menu_item_id for choice in menu}
    messages = [{"role": "system", "content": SYSTEM.format(menu=menu_lines(menu))}]
    for said, answer in EXAMPLES:
        if all(line["item"] in known for line in answer["items"]):
            messages.append({"role": "user", "content": said})
            messages.append({"role": "assistant", "content": json.dumps(answer)})
    messages.append({"role": "user", "content": transcript})
    return messages
