"""Orders: the keyset-paginated list and one order, optionally read after a given position."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api_common.auth import Principal
from api_common.instants import Instant
from api_common.problem_docs import problem_responses
from api_common.problems import Problem
from api_common.text import NO_NUL
from query_api.bounds import BIGINT_MAX
from query_api.deps import AnyReader, Cursors, Engine, ReadWait, Watcher
from query_api.freshness import STALE_HEADER, read_fresh
from query_api.order_reads import OrderFilter, one_order, order_page, status_history
from query_api.order_views import OrderDetail, OrderPage, order_detail, order_view
from schemas.vocabulary import OrderStatus

router = APIRouter(
    prefix="/api/orders", tags=["orders"], responses=problem_responses(401, 403, 404, 422)
)


def visible_to(principal: Principal, customer_id: str | None) -> str | None:
    """The customer filter a caller gets: customers are held to their own orders."""
    if principal.role != "customer":
        return customer_id
    if customer_id is not None and customer_id != principal.user_id:
        raise Problem(403, "forbidden", detail="Customers may list only their own orders.")
    return principal.user_id


@router.get("")
async def list_orders(
    principal: AnyReader,
    engine: Engine,
    cursors: Cursors,
    status: OrderStatus | None = None,
    customer_id: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL)] = None,
    placed_from: Annotated[Instant | None, Query(description="inclusive")] = None,
    placed_to: Annotated[Instant | None, Query(description="exclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> OrderPage:
    if placed_from is not None and placed_to is not None and placed_to < placed_from:
        raise Problem(422, "invalid-range", detail="placed_to is before placed_from.")
    after = cursors.decode(cursor) if cursor is not None else None
    where = OrderFilter(status, visible_to(principal, customer_id), placed_from, placed_to)
    rows, following = await order_page(engine, where, limit, after)
    return OrderPage(
        items=[order_view(row) for row in rows],
        next_cursor=cursors.encode(following) if following is not None else None,
    )


@router.get("/{order_id}")
async def get_order(
    order_id: UUID,
    principal: AnyReader,
    engine: Engine,
    watcher: Watcher,
    wait_seconds: ReadWait,
    response: Response,
    min_position: Annotated[int | None, Query(ge=0, le=BIGINT_MAX)] = None,
) -> OrderDetail:
    """With `min_position`, waits (bounded) until the order reflects that global position;
    past the wait it answers what there is, with `X-Projection-Stale: true`."""
    owner = principal.user_id if principal.role == "customer" else None
    row, stale = await read_fresh(
        watcher, lambda: one_order(engine, order_id, owner), min_position, wait_seconds
    )
    stale_headers = {STALE_HEADER: "true"} if stale else {}
    if row is None:
        raise Problem(404, "order-not-found", detail="No such order.", headers=stale_headers)
    response.headers.update(stale_headers)
    return order_detail(row, await status_history(engine, order_id))
