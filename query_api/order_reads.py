"""The SQL behind the order routes: keyset pages, one order, its status history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, RowMapping, and_, select, true, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from projections.tables import order_history, orders
from query_api.cursor import OrderCursor


@dataclass(frozen=True)
class OrderFilter:
    status: str | None = None
    customer_id: str | None = None
    placed_from: datetime | None = None  # inclusive
    placed_to: datetime | None = None  # exclusive

    def condition(self) -> ColumnElement[bool]:
        c = orders.c
        clauses: list[ColumnElement[bool]] = []
        if self.status is not None:
            clauses.append(c.status == self.status)
        if self.customer_id is not None:
            clauses.append(c.customer_id == self.customer_id)
        if self.placed_from is not None:
            clauses.append(c.placed_at >= self.placed_from)
        if self.placed_to is not None:
            clauses.append(c.placed_at < self.placed_to)
        return and_(true(), *clauses)


async def order_page(
    engine: AsyncEngine, where: OrderFilter, limit: int, after: OrderCursor | None
) -> tuple[Sequence[RowMapping], OrderCursor | None]:
    """Up to `limit` orders, newest first, and the cursor of the next page (None: last page)."""
    c = orders.c
    query = select(orders).where(where.condition())
    if after is not None:
        query = query.where(
            tuple_(c.placed_at, c.order_id) < tuple_(after.placed_at, after.order_id)
        )
    query = query.order_by(c.placed_at.desc(), c.order_id.desc()).limit(limit + 1)
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).mappings().all()
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], OrderCursor(last["placed_at"], last["order_id"])


async def one_order(
    engine: AsyncEngine, order_id: UUID, customer_id: str | None = None
) -> RowMapping | None:
    """The order's row; with `customer_id`, only if it is that customer's."""
    query = select(orders).where(orders.c.order_id == order_id)
    if customer_id is not None:
        query = query.where(orders.c.customer_id == customer_id)
    async with engine.connect() as connection:
        return (await connection.execute(query)).mappings().first()


async def status_history(engine: AsyncEngine, order_id: UUID) -> Sequence[RowMapping]:
    query = (
        select(order_history)
        .where(order_history.c.order_id == order_id)
        .order_by(order_history.c.revision)
    )
    async with engine.connect() as connection:
        return (await connection.execute(query)).mappings().all()
