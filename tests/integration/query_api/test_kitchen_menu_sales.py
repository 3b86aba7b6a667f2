"""The kitchen queue, the menu, and sales statistics with their Redis cache."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import redis.asyncio as redis
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from dinner.clock import KST
from projections.signals import sales_version_key
from projections.tables import kitchen_queue, menu_items, sales_daily, sales_items
from tests.support.apps import ApiClient
from tests.support.read_rows import T0, insert, kitchen_row, menu_row

PROBLEM = "application/problem+json"


async def test_the_kitchen_sees_confirmed_and_cooking_by_requested_time(
    query_api: ApiClient, rows: AsyncEngine
) -> None:
    at = [T0 + timedelta(hours=h) for h in range(5)]
    seeded = [
        kitchen_row(status="cooking", requested_for=at[3]),
        kitchen_row(status="placed", requested_for=at[0]),
        kitchen_row(status="confirmed", requested_for=at[1], note="no nuts"),
        kitchen_row(status="confirmed", requested_for=at[4]),
        kitchen_row(status="cooking", requested_for=at[2]),
    ]
    await insert(rows, kitchen_queue, seeded)
    response = await query_api.http.get("/api/kitchen/queue", headers=query_api.auth("k", "staff"))
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["order_id"] for i in items] == [str(seeded[i]["order_id"]) for i in (2, 4, 0, 3)]
    assert items[0]["note"] == "no nuts"
    assert items[0]["items"][0]["quantity"] == 2
    admin = await query_api.http.get("/api/kitchen/queue", headers=query_api.auth("a", "admin"))
    assert admin.status_code == 200
    for role in ("customer", "auditor"):
        refused = await query_api.http.get("/api/kitchen/queue", headers=query_api.auth("x", role))
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith(PROBLEM)


async def test_the_menu_is_public_and_ordered_by_kind_then_name(
    query_api: ApiClient, rows: AsyncEngine
) -> None:
    await insert(
        rows,
        menu_items,
        [
            menu_row("wine", "extra", "Wine", 30_000),
            menu_row("french_dinner", "dinner", "French dinner", 60_000),
            menu_row("cake", "extra", "Cake", 25_000),
            menu_row("english_dinner", "dinner", "English dinner", 50_000),
        ],
    )
    response = await query_api.http.get("/api/menu")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["menu_item_id"] for i in items] == ["english_dinner", "french_dinner", "cake", "wine"]
    assert set(items[0]) == {
        "menu_item_id",
        "name",
        "kind",
        "price",
        "available",
        "serving_styles",
        "description",
    }
    assert items[0]["serving_styles"] == ["simple", "grand", "deluxe"]


def day(n: int) -> date:
    return date(2026, 12, 1) + timedelta(days=n)


async def seed_sales(rows: AsyncEngine) -> None:
    await insert(rows, menu_items, [menu_row("french_dinner", "dinner", "French dinner", 60_000)])
    await insert(
        rows,
        sales_daily,
        [
            {"day": day(0), "orders": 2, "revenue": 200_000},
            {"day": day(1), "orders": 1, "revenue": 85_000},
            {"day": day(3), "orders": 4, "revenue": 400_000},
        ],
    )
    await insert(
        rows,
        sales_items,
        [
            {"day": day(0), "menu_item_id": "french_dinner", "quantity": 3, "revenue": 180_000},
            {"day": day(0), "menu_item_id": "cake", "quantity": 1, "revenue": 20_000},
            {"day": day(1), "menu_item_id": "cake", "quantity": 2, "revenue": 85_000},
            {"day": day(3), "menu_item_id": "french_dinner", "quantity": 5, "revenue": 400_000},
        ],
    )


async def test_sales_by_day_and_by_item(query_api: ApiClient, rows: AsyncEngine) -> None:
    await seed_sales(rows)
    headers = query_api.auth("s", "staff")
    range_ = {"from": str(day(0)), "to": str(day(1))}
    by_day = await query_api.http.get("/api/stats/sales", params=range_, headers=headers)
    assert by_day.status_code == 200
    body = by_day.json()
    assert (body["from"], body["to"], body["group_by"]) == (str(day(0)), str(day(1)), "day")
    assert body["totals"] == {"orders": 3, "revenue": 285_000}
    assert body["items"] == [
        {"day": str(day(0)), "orders": 2, "revenue": 200_000},
        {"day": str(day(1)), "orders": 1, "revenue": 85_000},
    ]
    whole = {"from": str(day(0)), "to": str(day(3)), "group_by": "item"}
    by_item = await query_api.http.get("/api/stats/sales", params=whole, headers=headers)
    assert by_item.json()["items"] == [
        {
            "menu_item_id": "french_dinner",
            "name": "French dinner",
            "quantity": 8,
            "revenue": 580_000,
        },
        {"menu_item_id": "cake", "name": None, "quantity": 3, "revenue": 105_000},
    ]
    assert by_item.json()["totals"] == {"orders": 7, "revenue": 685_000}


async def test_sales_default_to_the_last_30_days(query_api: ApiClient, rows: AsyncEngine) -> None:
    today = datetime.now(KST).date()
    await insert(
        rows,
        sales_daily,
        [
            {"day": today, "orders": 1, "revenue": 10},
            {"day": today - timedelta(days=29), "orders": 1, "revenue": 20},
            {"day": today - timedelta(days=30), "orders": 1, "revenue": 40},
        ],
    )
    response = await query_api.http.get("/api/stats/sales", headers=query_api.auth("a", "auditor"))
    body = response.json()
    assert (body["from"], body["to"]) == (str(today - timedelta(days=29)), str(today))
    assert body["totals"] == {"orders": 2, "revenue": 30}


async def test_sales_are_cached_until_the_projector_bumps_the_version(
    query_api: ApiClient, rows: AsyncEngine
) -> None:
    await seed_sales(rows)
    headers = query_api.auth("s", "admin")
    params = {"from": str(day(0)), "to": str(day(3))}
    first = await query_api.http.get("/api/stats/sales", params=params, headers=headers)
    second = await query_api.http.get("/api/stats/sales", params=params, headers=headers)
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert first.json() == second.json()
    async with rows.begin() as connection:
        await connection.execute(
            update(sales_daily).where(sales_daily.c.day == day(3)).values(orders=5)
        )
    still_cached = await query_api.http.get("/api/stats/sales", params=params, headers=headers)
    assert still_cached.headers["x-cache"] == "hit"
    assert still_cached.json()["totals"]["orders"] == 7
    client = redis.from_url(query_api.settings.redis_url)
    try:
        await client.incr(sales_version_key(query_api.settings.redis_prefix))
    finally:
        await client.aclose()
    fresh = await query_api.http.get("/api/stats/sales", params=params, headers=headers)
    assert fresh.headers["x-cache"] == "miss"
    assert fresh.json()["totals"]["orders"] == 8
    by_item = await query_api.http.get(
        "/api/stats/sales", params={**params, "group_by": "item"}, headers=headers
    )
    assert by_item.headers["x-cache"] == "miss"


async def test_bad_sales_requests(query_api: ApiClient) -> None:
    headers = query_api.auth("s", "staff")
    for params in (
        {"from": "2026-12-05", "to": "2026-12-01"},
        {"group_by": "week"},
        {"from": "December"},
    ):
        response = await query_api.http.get("/api/stats/sales", params=params, headers=headers)
        assert response.status_code == 422, params
        assert response.headers["content-type"].startswith(PROBLEM)
    customer = await query_api.http.get("/api/stats/sales", headers=query_api.auth("c", "customer"))
    assert customer.status_code == 403
