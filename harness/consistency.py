"""The read models compared with the fold of the event store, row by row.

Used by the tests and by `dinner chaos`, which must find no difference after its faults.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from dinner.clock import KST
from domain import ORDER, fold
from eventstore.port import EventStore
from projections.tables import kitchen_queue, orders, sales_daily
from schemas.envelope import RecordedEvent
from schemas.registry import from_recorded
from schemas.streams import ORDER as ORDER_CATEGORY
from schemas.vocabulary import KITCHEN_STATUSES


async def expected_orders(
    store: EventStore, events: Sequence[RecordedEvent] | None = None
) -> dict[Any, dict[str, Any]]:
    """Each order as its events fold; `events`: the whole log when already read."""
    by_stream: defaultdict[str, list[RecordedEvent]] = defaultdict(list)
    for event in events if events is not None else await store.read_all(limit=10**7):
        if event.category == ORDER_CATEGORY:
            by_stream[event.stream_id].append(event)
    expected: dict[Any, dict[str, Any]] = {}
    for events in by_stream.values():
        state = fold(ORDER, (from_recorded(e) for e in events))
        expected[state.order_id] = {
            "status": state.status,
            "customer_id": state.customer_id,
            "total": state.total,
            "lines": [line.model_dump(mode="json") for line in state.lines],
            "paid_amount": state.paid_amount,
            "revision": events[-1].revision,
            "position": events[-1].position,
            "cake_designs": sorted(d.status for d in state.cake_designs.values()),
            "paid_day": _paid_day(events),
        }
    return expected


def _paid_day(events: list[RecordedEvent]) -> Any:
    for event in events:
        if event.type == "OrderPaid":
            return event.recorded_at.astimezone(KST).date()
    return None


async def mismatches(
    engine: AsyncEngine, store: EventStore, events: Sequence[RecordedEvent] | None = None
) -> list[str]:
    """Every difference between the read models and the event store's fold."""
    expected = await expected_orders(store, events)
    problems: list[str] = []
    async with engine.connect() as connection:
        rows = {r.order_id: r for r in await connection.execute(select(orders))}
        queued = select(kitchen_queue).where(kitchen_queue.c.status.in_(KITCHEN_STATUSES))
        kitchen = {r.order_id for r in await connection.execute(queued)}
        daily = {
            r.day: (r.orders, r.revenue) for r in await connection.execute(select(sales_daily))
        }
    if set(rows) != set(expected):
        problems.append(f"orders differ: {len(rows)} rows, {len(expected)} in the store")
    for order_id, want in expected.items():
        row = rows.get(order_id)
        if row is None:
            continue
        have = {key: getattr(row, key) for key in want if key not in ("cake_designs", "paid_day")}
        have["cake_designs"] = sorted(d["status"] for d in row.cake_designs)
        for key, value in have.items():
            if value != want[key]:
                problems.append(f"{order_id} {key}: read model {value!r}, store {want[key]!r}")
    in_kitchen = {o for o, w in expected.items() if w["status"] in KITCHEN_STATUSES}
    if kitchen != in_kitchen:
        problems.append(f"kitchen queue differs: {sorted(map(str, kitchen ^ in_kitchen))[:5]}")
    problems.extend(_sales_problems(expected, daily))
    return problems


def _sales_problems(expected: dict[Any, dict[str, Any]], daily: dict[Any, Any]) -> list[str]:
    want: defaultdict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for order in expected.values():
        if order["paid_day"] is not None and order["status"] not in ("cancelled", "rejected"):
            want[order["paid_day"]][0] += 1
            want[order["paid_day"]][1] += order["total"]
    have = {day: list(v) for day, v in daily.items() if v != (0, 0)}
    return [] if have == dict(want) else [f"sales differ: {have} != {dict(want)}"]
