"""The kitchen queue's `evolve`: an order waits unseen until confirmed, leaves once ready or
closed."""

from __future__ import annotations

import pytest
from hypothesis import given

from domain import ORDER, fold
from projections.kitchen import evolve
from schemas.events import OrderItemsChanged
from schemas.streams import StreamId
from tests.unit.factories import ORDER_ID, at, history, lines, placed
from tests.unit.projections.history import (
    PROPERTY,
    as_projected,
    order_histories,
    rows_after_each,
)

STREAM = StreamId.order(ORDER_ID)
CLOSED = {"ready", "dispatched", "delivered", "rejected", "cancelled"}


def rows(*events):
    return rows_after_each(evolve, as_projected(events, STREAM))


def test_a_placed_order_joins_with_its_lines_and_times_but_not_yet_as_kitchen_work():
    event = placed()
    (row,) = rows(event)

    assert row == {
        "order_id": ORDER_ID,
        "status": "placed",
        "requested_for": event.delivery.requested_for,
        "placed_at": event.placed_at,
        "lines": [line.model_dump(mode="json") for line in event.lines],
        "note": None,
        "position": 1,
    }


def test_the_queue_shows_confirmed_then_cooking_and_drops_the_order_once_ready():
    statuses = [row and row["status"] for row in rows(*history("delivered"))]
    assert statuses == ["placed", "placed", "confirmed", "cooking", None, None, None]


@pytest.mark.parametrize("closing", ["rejected", "cancelled"])
def test_a_closed_order_leaves_the_queue(closing):
    assert rows(*history(closing))[-1] is None


def test_changed_items_replace_the_lines_the_cooks_see():
    bigger = placed(lines(("english_dinner", 3, "simple")))
    change = OrderItemsChanged(lines=bigger.lines, total=bigger.total, changed_at=at(1))
    *_, row = rows(placed(), change)

    assert row["lines"] == [line.model_dump(mode="json") for line in bigger.lines]
    assert row["position"] == 2


def test_an_order_the_queue_never_saw_stays_out_of_it():
    _, paid, confirmed = as_projected(history("confirmed"), STREAM)
    assert evolve(None, paid) is None
    assert evolve(None, confirmed) is None


@PROPERTY
@given(order_histories())
def test_the_queue_holds_exactly_the_open_orders_before_they_are_ready(events):
    for index, row in enumerate(rows_after_each(evolve, as_projected(events, STREAM))):
        state = fold(ORDER, events[: index + 1])
        status = state.status
        if status in CLOSED:
            assert row is None
        else:
            assert row is not None
            assert row["status"] == (status if status in ("confirmed", "cooking") else "placed")
            assert row["lines"] == [line.model_dump(mode="json") for line in state.lines]
