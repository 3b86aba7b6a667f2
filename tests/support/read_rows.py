"""Read-model rows written straight into a test's schema, for the query API tests."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Table, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from projections.signals import projected_channel
from projections.tables import orders

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
FRENCH_LINE = {
    "menu_item_id": "french_dinner",
    "name": "French dinner",
    "quantity": 2,
    "serving_style": "grand",
    "unit_price": 80_000,
    "line_total": 160_000,
}


def order_row(**overrides: Any) -> dict[str, Any]:
    placed_at = overrides.get("placed_at", T0)
    row: dict[str, Any] = {
        "order_id": uuid.uuid4(),
        "customer_id": "alice",
        "status": "placed",
        "total": 160_000,
        "lines": [FRENCH_LINE],
        "delivery_address": "12 Sejong-daero, Seoul",
        "requested_for": placed_at + timedelta(hours=6),
        "note": None,
        "placed_at": placed_at,
        "updated_at": placed_at,
        "paid_amount": None,
        "payment_ref": None,
        "courier": None,
        "closing_reason": None,
        "cake_designs": [],
        "revision": 0,
        "position": 1,
    }
    return row | overrides


def kitchen_row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "order_id": uuid.uuid4(),
        "status": "confirmed",
        "requested_for": T0 + timedelta(hours=6),
        "placed_at": T0,
        "lines": [FRENCH_LINE],
        "note": None,
        "position": 1,
    }
    return row | overrides


def menu_row(menu_item_id: str, kind: str, name: str, price: int) -> dict[str, Any]:
    return {
        "menu_item_id": menu_item_id,
        "name": name,
        "kind": kind,
        "price": price,
        "available": True,
        "serving_styles": ["simple", "grand", "deluxe"] if kind == "dinner" else [],
        "description": f"{name}, as served",
        "position": 1,
    }


def voice_row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "voice_order_id": uuid.uuid4(),
        "customer_id": "alice",
        "status": "interpreted",
        "request_id": uuid.uuid4(),
        "audio_ref": "voice/1.wav",
        "transcript": "two french dinners, grand",
        "draft": {"items": [{"menu_item_id": "french_dinner", "quantity": 2}]},
        "confidence": 0.93,
        "order_id": None,
        "failed_stage": None,
        "failure_reason": None,
        "submitted_at": T0,
        "updated_at": T0,
        "revision": 2,
        "position": 7,
    }
    return row | overrides


async def insert(engine: AsyncEngine, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    async with engine.begin() as connection:
        await connection.execute(table.insert(), list(rows))


async def update_order(engine: AsyncEngine, order_id: uuid.UUID, **values: Any) -> None:
    async with engine.begin() as connection:
        await connection.execute(update(orders).where(orders.c.order_id == order_id), values)


async def notify_projected(engine: AsyncEngine, schema: str, position: int) -> None:
    """What the projector says after committing a batch."""
    async with engine.begin() as connection:
        await connection.execute(
            text("SELECT pg_notify(:channel, :position)"),
            {"channel": projected_channel(schema), "position": str(position)},
        )


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Polls `condition` (something only observable by looking) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)
