"""A rebuild's fast path (plain log rows, COPY into the side tables) gives, row for row, what
the live projector gives; so does the ordinary path any other event store takes."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eventstore.port import NO_STREAM
from eventstore.postgres import PostgresEventStore
from projections.events import projected
from projections.projector import Projector
from projections.rebuild import Rebuild
from projections.registry import READ_MODELS
from projections.replay import RowLog
from schemas.envelope import Actor, EventMetadata, NewEvent, RecordedEvent
from tests.support.workload import run_workload

CUSTOMER = Actor(user_id="customer-9", role="customer")
LINES = [
    {
        "menu_item_id": "steak",
        "name": "Steak",
        "quantity": 2,
        "serving_style": None,
        "unit_price": 30000,
        "line_total": 60000,
    }
]


class PlainStore:
    """Only what every event store offers: the rebuild must take its ordinary path."""

    def __init__(self, store: PostgresEventStore) -> None:
        self._store = store

    async def read_all(self, *, after_position: int = 0, limit: int = 500) -> list[RecordedEvent]:
        return await self._store.read_all(after_position=after_position, limit=limit)

    async def read_stream(self, stream_id: str, **options: Any) -> list[RecordedEvent]:
        return await self._store.read_stream(stream_id, **options)


def event(type_: str, data: dict[str, Any], at: datetime, version: int = 1) -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(),
        type=type_,
        schema_version=version,
        data=data,
        metadata=EventMetadata(correlation_id="paths", actor=CUSTOMER),
        recorded_at=at,
    )


async def old_and_voice_streams(store: PostgresEventStore, rng: random.Random) -> None:
    """v1 orders (upcast on the way out) and voice orders, appended in interleaved steps."""
    at = datetime(2026, 11, 21, 9, tzinfo=UTC)
    steps: list[tuple[str, list[NewEvent]]] = []
    for n in range(12):
        order_id, iso = uuid.uuid4(), (at + timedelta(hours=n)).isoformat()
        stream = f"order-{order_id}"
        placed = {
            "order_id": str(order_id),
            "customer_id": CUSTOMER.user_id,
            "lines": LINES,
            "total": 60000,
            "note": None if n % 2 else "ring twice",
            "placed_at": iso,
            "delivery_address": f"{n} Old Rd",
            "delivery_time": iso,
        }
        steps.append((stream, [event("OrderPlaced", placed, at)]))
        steps.append(
            (
                stream,
                [event("OrderPaid", {"payment_ref": f"p{n}", "amount": 60000, "paid_at": iso}, at)],
            )
        )
        closing = "OrderCancelled" if n % 3 == 0 else "OrderConfirmed"
        steps.append((stream, [event(closing, {"reason": "no", "at": iso}, at)]))
    for n in range(6):
        voice_id, request = uuid.uuid4(), uuid.uuid4()
        stream = f"voice-{voice_id}"
        steps.append(
            (
                stream,
                [
                    event(
                        "VoiceOrderSubmitted",
                        {
                            "voice_order_id": str(voice_id),
                            "customer_id": CUSTOMER.user_id,
                            "request_id": str(request),
                            "audio_ref": f"a{n}.wav",
                            "content_type": "audio/wav",
                            "at": at.isoformat(),
                        },
                        at,
                    )
                ],
            )
        )
        if n % 3 == 0:
            continue  # stays submitted: no draft, no confidence
        steps.append(
            (
                stream,
                [
                    event(
                        "VoiceTranscribed",
                        {
                            "request_id": str(request),
                            "transcript": "two steaks",
                            "at": at.isoformat(),
                        },
                        at,
                    )
                ],
            )
        )
        if n % 3 == 1:
            steps.append(
                (
                    stream,
                    [
                        event(
                            "VoiceOrderFailed",
                            {"stage": "interpretation", "reason": "unclear", "at": at.isoformat()},
                            at,
                        )
                    ],
                )
            )
            continue
        draft = {
            "items": [{"menu_item_id": "steak", "quantity": 2}],
            "requested_for": None,
            "address": None,
            "note": None,
        }
        steps.append(
            (
                stream,
                [
                    event(
                        "VoiceOrderInterpreted",
                        {
                            "request_id": str(request),
                            "draft": draft,
                            "confidence": 0.75,
                            "at": at.isoformat(),
                        },
                        at,
                    )
                ],
            )
        )
    ordered: dict[str, list[list[NewEvent]]] = {}
    for stream, events in steps:
        ordered.setdefault(stream, []).append(events)
    turns = [stream for stream, _ in steps]
    rng.shuffle(turns)  # streams interleave, each one's events in their own order
    heads: dict[str, int] = {}
    for stream in turns:
        events = ordered[stream].pop(0)
        heads[stream] = (await store.append(stream, events, heads.get(stream, NO_STREAM))).revision


async def every_row(engine: AsyncEngine, schema: str) -> dict[str, list[str]]:
    """Each read-model table as the text of its rows: JSON null and SQL NULL differ here."""
    rows: dict[str, list[str]] = {}
    async with engine.connect() as connection:
        for table in {t.name for model in READ_MODELS for t in model.tables}:
            found = await connection.scalars(text(f'SELECT t::text FROM "{schema}"."{table}" t'))
            rows[table] = sorted(found)
    return rows


async def project_in_batches(projector: Projector, events: Sequence[RecordedEvent]) -> None:
    for start in range(0, len(events), 97):
        await projector.apply([projected(e) for e in events[start : start + 97]])


async def test_both_rebuild_paths_equal_the_live_projection_row_for_row(
    projector: Projector, pg_store: PostgresEventStore, engine: AsyncEngine, read_side: str
) -> None:
    await run_workload(pg_store, commands=700, seed=53)
    await old_and_voice_streams(pg_store, random.Random(53))
    await run_workload(pg_store, commands=300, seed=59)
    log = await pg_store.read_all(limit=100_000)
    assert any(e.type == "OrderPlaced" and e.schema_version == 1 for e in log)
    await project_in_batches(projector, log)
    live = await every_row(engine, read_side)
    assert live["voice_orders"] and live["menu_items"] and live["sales_daily"]

    assert isinstance(pg_store, RowLog)
    fast = await Rebuild(engine, pg_store, schema=read_side, models=READ_MODELS, chunk=64).run()
    assert fast.events == len(log)
    assert await every_row(engine, read_side) == live

    plain = PlainStore(pg_store)
    assert not isinstance(plain, RowLog)
    await Rebuild(engine, plain, schema=read_side, models=READ_MODELS, chunk=64).run()  # type: ignore[arg-type]
    assert await every_row(engine, read_side) == live
