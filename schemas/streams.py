"""Stream names: `<category>-<id>` for aggregates with many instances, one stream for the menu."""

from __future__ import annotations

from typing import Final
from uuid import UUID

MENU_STREAM: Final = "menu"


def order_stream(order_id: UUID) -> str:
    return f"order-{order_id}"


def voice_stream(voice_order_id: UUID) -> str:
    return f"voice-{voice_order_id}"
