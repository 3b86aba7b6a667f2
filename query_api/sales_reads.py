"""Sales figures from `sales_daily` and `sales_items` over an inclusive range of days."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from projections.tables import menu_items, sales_daily, sales_items

GroupBy = Literal["day", "item"]


class SalesTotals(BaseModel):
    orders: int
    revenue: int


class SalesDay(BaseModel):
    day: date
    orders: int
    revenue: int


class SalesItem(BaseModel):
    menu_item_id: str
    name: str | None
    quantity: int
    revenue: int


class SalesReport(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    start: date = Field(alias="from")
    end: date = Field(alias="to")
    group_by: GroupBy
    totals: SalesTotals
    items: list[SalesDay] | list[SalesItem]


async def _totals(connection: AsyncConnection, start: date, end: date) -> SalesTotals:
    c = sales_daily.c
    query = select(
        func.coalesce(func.sum(c.orders), 0), func.coalesce(func.sum(c.revenue), 0)
    ).where(c.day.between(start, end))
    orders, revenue = (await connection.execute(query)).one()
    return SalesTotals(orders=orders, revenue=revenue)


async def _by_day(connection: AsyncConnection, start: date, end: date) -> list[SalesDay]:
    c = sales_daily.c
    query = select(c.day, c.orders, c.revenue).where(c.day.between(start, end)).order_by(c.day)
    rows = (await connection.execute(query)).mappings()
    return [SalesDay.model_validate(dict(row)) for row in rows]


async def _by_item(connection: AsyncConnection, start: date, end: date) -> list[SalesItem]:
    c, menu = sales_items.c, menu_items.c
    revenue = func.sum(c.revenue).label("revenue")
    query = (
        select(c.menu_item_id, menu.name, func.sum(c.quantity).label("quantity"), revenue)
        .select_from(sales_items.outerjoin(menu_items, menu.menu_item_id == c.menu_item_id))
        .where(c.day.between(start, end))
        .group_by(c.menu_item_id, menu.name)
        .order_by(revenue.desc(), c.menu_item_id)
    )
    rows = (await connection.execute(query)).mappings()
    return [SalesItem.model_validate(dict(row)) for row in rows]


async def sales_report(
    engine: AsyncEngine, start: date, end: date, group_by: GroupBy
) -> SalesReport:
    async with engine.connect() as connection:
        totals = await _totals(connection, start, end)
        grouped = _by_day if group_by == "day" else _by_item
        items = await grouped(connection, start, end)
    return SalesReport(start=start, end=end, group_by=group_by, totals=totals, items=items)
