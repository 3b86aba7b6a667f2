"""The orders read model's `evolve`: one event in, the order's row out, no database."""

from __future__ import annotations

import copy
from uuid import UUID

import pytest
from hypothesis import given

from domain import ORDER, fold
from projections.orders import OrdersModel, evolve
from schemas.events import (
    CakeDesignFailed,
    CakeDesignGenerated,
    CakeDesignRequested,
    OrderItemsChanged,
    OrderPlaced,
)
from schemas.streams import StreamId
from tests.unit.factories import CUSTOMER, ORDER_ID, at, history, lines, placed
from tests.unit.projections.history import (
    PROPERTY,
    as_projected,
    order_histories,
    rows_after_each,
)

STREAM = StreamId.order(ORDER_ID)
LIFECYCLE = ["placed", "paid", "confirmed", "cooking", "ready", "dispatched", "delivered"]


def rows(*events):
    return rows_after_each(evolve, as_projected(events, STREAM))


def test_a_placed_order_becomes_a_row_with_its_lines_delivery_and_total():
    event = placed(lines(("french_dinner", 2, "grand"), ("cake", 1)))
    (projected,) = as_projected([event], STREAM)

    assert evolve(None, projected) == {
        "order_id": ORDER_ID,
        "customer_id": CUSTOMER,
        "status": "placed",
        "total": event.total,
        "lines": [line.model_dump(mode="json") for line in event.lines],
        "delivery_address": event.delivery.address,
        "requested_for": event.delivery.requested_for,
        "note": None,
        "placed_at": event.placed_at,
        "updated_at": projected.recorded_at,
        "paid_amount": None,
        "payment_ref": None,
        "courier": None,
        "closing_reason": None,
        "cake_designs": [],
        "revision": 0,
        "position": 1,
    }


def test_each_step_of_the_lifecycle_sets_its_status_and_keeps_the_rest():
    events = history("delivered")
    after = rows(*events)

    assert [row["status"] for row in after] == LIFECYCLE
    assert [row["revision"] for row in after] == list(range(len(events)))
    assert [row["position"] for row in after] == list(range(1, len(events) + 1))
    assert {row["total"] for row in after} == {events[0].total}
    assert after[-1]["paid_amount"] == events[0].total
    assert after[-1]["payment_ref"] == "pay-1"
    assert after[-1]["courier"] == "Kim"
    assert after[-1]["updated_at"] == at(len(events) - 1)


@pytest.mark.parametrize("closing", ["rejected", "cancelled"])
def test_a_closed_order_keeps_its_reason(closing):
    *_, row = rows(*history(closing))
    assert row["status"] == closing
    assert row["closing_reason"] == history(closing)[-1].reason


def test_changed_items_replace_lines_and_total_while_the_status_stays_placed():
    first = placed()
    bigger = placed(lines(("french_dinner", 1, "grand"), ("steak", 2)))
    change = OrderItemsChanged(lines=bigger.lines, total=bigger.total, changed_at=at(1))
    *_, row = rows(first, change)

    assert row["status"] == "placed"
    assert row["total"] == bigger.total != first.total
    assert row["lines"] == [line.model_dump(mode="json") for line in bigger.lines]


def test_cake_designs_are_tracked_per_request():
    first, second = UUID(int=1), UUID(int=2)
    *_, row = rows(
        *history("paid", with_cake=True),
        CakeDesignRequested(request_id=first, prompt="roses", at=at(2)),
        CakeDesignRequested(request_id=second, prompt="stars", at=at(3)),
        CakeDesignGenerated(request_id=first, image_url="/media/1.png", at=at(4)),
        CakeDesignFailed(request_id=second, reason="timeout", at=at(5)),
    )
    assert row["status"] == "paid"
    assert row["cake_designs"] == [
        {
            "request_id": str(first),
            "prompt": "roses",
            "status": "generated",
            "image_url": "/media/1.png",
            "reason": None,
        },
        {
            "request_id": str(second),
            "prompt": "stars",
            "status": "failed",
            "image_url": None,
            "reason": "timeout",
        },
    ]


def test_an_event_for_an_order_never_placed_is_refused():
    _, paid = as_projected(history("paid"), STREAM)
    with pytest.raises(LookupError):
        evolve(None, paid)


def test_evolve_leaves_the_row_it_was_given_as_it_was():
    placed_event, paid = as_projected(history("paid"), STREAM)
    placed_row = evolve(None, placed_event)
    before = copy.deepcopy(placed_row)

    assert evolve(placed_row, paid)["status"] == "paid"
    assert placed_row == before


def test_the_status_history_has_one_row_per_status_change():
    events = as_projected(
        [*history("cancelled"), CakeDesignRequested(request_id=UUID(int=1), prompt="x", at=at(2))],
        STREAM,
    )
    ((table, history_rows),) = OrdersModel().appended(events)

    assert table.name == "order_history"
    assert [(r["revision"], r["status"], r["position"]) for r in history_rows] == [
        (0, "placed", 1),
        (1, "cancelled", 2),
    ]
    assert all(r["order_id"] == ORDER_ID for r in history_rows)


@PROPERTY
@given(order_histories())
def test_the_row_agrees_with_the_write_side_after_every_event(events):
    after = rows_after_each(evolve, as_projected(events, STREAM))
    last_priced = None
    for index, row in enumerate(after):
        state = fold(ORDER, events[: index + 1])
        if isinstance(events[index], OrderPlaced | OrderItemsChanged):
            last_priced = events[index].total
        assert row is not None
        assert row["status"] == state.status
        assert row["total"] == last_priced == state.total
        assert row["lines"] == [line.model_dump(mode="json") for line in state.lines]
        assert row["paid_amount"] == state.paid_amount
        assert row["revision"] == index
        designs = {
            UUID(d["request_id"]): (d["status"], d["image_url"]) for d in row["cake_designs"]
        }
        assert len(row["cake_designs"]) == len(state.cake_designs)
        assert designs == {k: (v.status, v.image_url) for k, v in state.cake_designs.items()}
