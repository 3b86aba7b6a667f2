"""Domain events as the projector gets them, and random order histories the decider accepts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from domain import ORDER, fold
from domain.errors import DomainError
from projections.events import ProjectedEvent, projected
from projections.model import Row
from schemas.events import DomainEvent, OrderEvent
from tests.unit.factories import T0, recorded
from tests.unit.strategies import order_commands

# Each history costs a few decided commands with freshly drawn menus: fewer examples than the
# decider's own properties, which already explore the histories themselves.
PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Evolve = Callable[[Row | None, ProjectedEvent], Row | None]


def as_projected(events: Sequence[DomainEvent], stream_id: str) -> list[ProjectedEvent]:
    """Recorded at revisions 0, 1, … (positions 1, 2, …), then upcast to plain payloads."""
    return [projected(event) for event in recorded(events, stream_id)]


def rows_after_each(evolve: Evolve, events: Sequence[ProjectedEvent]) -> list[Row | None]:
    rows: list[Row | None] = []
    row: Row | None = None
    for event in events:
        row = evolve(row, event)
        rows.append(row)
    return rows


@st.composite
def order_histories(draw: st.DrawFn, max_steps: int = 30) -> list[OrderEvent]:
    """Commands drawn to fit the order's state, decided; refused ones leave no event."""
    events: list[OrderEvent] = []
    now = T0
    for _ in range(draw(st.integers(1, max_steps))):
        now += timedelta(minutes=draw(st.integers(0, 90)))
        state = fold(ORDER, events)
        command = draw(order_commands(state, now))
        try:
            events.extend(ORDER.decide(command, state))
        except DomainError:
            continue
    return events
