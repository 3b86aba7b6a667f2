"""Sales per day and item: `evolve` keeps each order's lines and paid day, and adds to the
day's counters when it is paid, takes back from them when a paid order is closed."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from hypothesis import given

from domain import ORDER, fold
from projections.sales import Deltas, evolve
from schemas.events import OrderCancelled, OrderItemsChanged, OrderPaid
from schemas.streams import StreamId
from tests.unit.factories import ORDER_ID, at, history, lines, placed
from tests.unit.projections.history import PROPERTY, as_projected, order_histories

STREAM = StreamId.order(ORDER_ID)
REQUESTED = lines(("french_dinner", 2, "grand"), ("wine", 1))


def fold_sales(events):
    """The order's row after `events`, and the counter changes they made, all days together."""
    deltas, row = Deltas(), None
    for event in as_projected(events, STREAM):
        row = evolve(row, event, deltas)
    return row, deltas


def paid_late_on_may_first(total):
    # 16:30 UTC on 1 May is 01:30 on 2 May in Seoul: the sale belongs to 2 May.
    return OrderPaid(
        payment_ref="p", amount=total, paid_at=datetime(2026, 5, 1, 16, 30, tzinfo=UTC)
    )


def test_a_placed_order_keeps_its_lines_and_total_and_counts_nothing_yet():
    first = placed(REQUESTED)
    row, deltas = fold_sales([first])

    assert row == {
        "order_id": ORDER_ID,
        "paid_day": None,
        "lines": [line.model_dump(mode="json") for line in first.lines],
        "total": first.total,
    }
    assert not deltas.daily and not deltas.items


def test_payment_counts_the_order_on_its_day_in_korea():
    first = placed(REQUESTED)
    row, deltas = fold_sales([first, paid_late_on_may_first(first.total)])

    may_2 = date(2026, 5, 2)
    assert row["paid_day"] == may_2
    assert dict(deltas.daily) == {may_2: [1, first.total]}
    assert dict(deltas.items) == {
        (may_2, line.menu_item_id): [line.quantity, line.line_total] for line in first.lines
    }


def test_a_paid_order_cancelled_later_is_taken_back_from_the_day_it_was_paid():
    first = placed(REQUESTED)
    cancel = OrderCancelled(reason="late", cancelled_by_role="staff", at=at(600))
    row, deltas = fold_sales([first, paid_late_on_may_first(first.total), cancel])

    assert row["paid_day"] is None
    assert dict(deltas.daily) == {date(2026, 5, 2): [0, 0]}
    assert all(entry == [0, 0] for entry in deltas.items.values())


def test_an_order_closed_before_payment_never_counts():
    _, deltas = fold_sales(history("rejected"))
    assert not deltas.daily and not deltas.items


def test_the_sale_counts_the_lines_as_changed_before_payment():
    first, bigger = placed(), placed(REQUESTED)
    change = OrderItemsChanged(lines=bigger.lines, total=bigger.total, changed_at=at(1))
    _, deltas = fold_sales([first, change, paid_late_on_may_first(bigger.total)])

    assert sum(revenue for _, revenue in deltas.daily.values()) == bigger.total


def test_an_event_for_an_order_never_placed_leaves_no_row_and_no_sale():
    _, paid = as_projected(history("paid"), STREAM)
    deltas = Deltas()
    assert evolve(None, paid, deltas) is None
    assert not deltas.daily


@PROPERTY
@given(order_histories())
def test_net_sales_are_the_paid_total_once_unless_the_order_was_closed(events):
    _, deltas = fold_sales(events)
    state = fold(ORDER, events)
    counted = int(state.paid_amount is not None and state.status not in ("cancelled", "rejected"))

    assert sum(orders for orders, _ in deltas.daily.values()) == counted
    assert sum(revenue for _, revenue in deltas.daily.values()) == counted * state.total
    net: Counter[tuple[str, str]] = Counter()
    for (_, item), (quantity, revenue) in deltas.items.items():
        net[(item, "quantity")] += quantity
        net[(item, "revenue")] += revenue
    expected: Counter[tuple[str, str]] = Counter()
    for line in state.lines:
        expected[(line.menu_item_id, "quantity")] += counted * line.quantity
        expected[(line.menu_item_id, "revenue")] += counted * line.line_total
    assert {k: v for k, v in net.items() if v} == {k: v for k, v in expected.items() if v}
