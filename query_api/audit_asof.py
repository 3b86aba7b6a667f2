"""Time travel: an order's state rebuilt from its own events, up to a revision or a moment.

This folds the write side's order decider (`domain.ORDER`) on purpose: the auditor sees the
state exactly as the command side would have decided on it then, not a read model's view.
Personal fields are revealed as of now (a forgotten customer's read "[redacted]").
"""

from __future__ import annotations

import itertools
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel

from domain import ORDER, fold
from domain.order_state import OrderState
from eventstore.port import EventStore
from privacy.personal_data import PersonalData, reveal_recorded
from schemas.envelope import RecordedEvent
from schemas.events.order import OrderLine
from schemas.registry import from_recorded
from schemas.streams import StreamId
from schemas.values import Delivery


class CakeDesignAsOf(BaseModel):
    request_id: UUID
    prompt: str
    status: str
    image_url: str | None
    failure_reason: str | None


class OrderAsOf(BaseModel):
    """The order after the event at `revision` (recorded at `recorded_at`)."""

    order_id: UUID
    customer_id: str | None
    status: str | None
    total: int
    items: list[OrderLine]
    delivery: Delivery | None
    paid_amount: int | None
    payment_ref: str | None
    cake_designs: list[CakeDesignAsOf]
    revision: int
    position: int
    recorded_at: datetime


async def order_as_of(
    store: EventStore,
    personal: PersonalData,
    order_id: UUID,
    *,
    revision: int | None = None,
    time: datetime | None = None,
) -> OrderAsOf | None:
    """None when the order had no event at that point (or no revision that high)."""
    limit = None if revision is None else revision + 1
    events = await store.read_stream(StreamId.order(order_id), limit=limit)
    if time is not None:
        events = list(itertools.takewhile(lambda event: event.recorded_at <= time, events))
    if not events or (revision is not None and events[-1].revision != revision):
        return None
    revealed = await reveal_recorded(personal, events)
    return _view(order_id, fold(ORDER, (from_recorded(e) for e in revealed)), events[-1])


def _view(order_id: UUID, state: OrderState, last: RecordedEvent) -> OrderAsOf:
    designs = [
        CakeDesignAsOf(
            request_id=d.request_id,
            prompt=d.prompt,
            status=d.status,
            image_url=d.image_url,
            failure_reason=d.failure_reason,
        )
        for d in state.cake_designs.values()
    ]
    return OrderAsOf(
        order_id=order_id,
        customer_id=state.customer_id,
        status=state.status,
        total=state.total,
        items=list(state.lines),
        delivery=state.delivery,
        paid_amount=state.paid_amount,
        payment_ref=state.payment_ref,
        cake_designs=designs,
        revision=last.revision,
        position=last.position,
        recorded_at=last.recorded_at,
    )
