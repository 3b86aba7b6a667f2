"""`GET /api/orders`: keyset pages, filters, bad input, and what customers may see."""

from __future__ import annotations

import base64
import json
import random
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api_common.auth import Role
from projections.tables import orders
from tests.support.apps import ApiClient
from tests.support.read_rows import T0, insert, order_row

PROBLEM = "application/problem+json"


async def seed_orders(rows: AsyncEngine) -> list[dict[str, Any]]:
    """25 orders over 3 customers and 3 statuses; several share a `placed_at` (ties)."""
    seeded = [
        order_row(
            customer_id=("alice", "bob", "carol")[i % 3],
            status=("placed", "paid", "delivered")[i % 3 if i % 2 else 0],
            placed_at=T0 + timedelta(minutes=i // 3),
        )
        for i in range(25)
    ]
    random.Random(7).shuffle(seeded)
    await insert(rows, orders, seeded)
    return seeded


def newest_first(rows: list[dict[str, Any]]) -> list[str]:
    ordered = sorted(rows, key=lambda r: (r["placed_at"], r["order_id"]), reverse=True)
    return [str(r["order_id"]) for r in ordered]


async def all_pages(
    api: ApiClient, params: dict[str, Any], role: Role = "staff"
) -> list[list[str]]:
    pages: list[list[str]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await api.http.get("/api/orders", params=query, headers=api.auth("u1", role))
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append([item["order_id"] for item in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


async def test_pages_cover_every_order_once_in_order(
    query_api: ApiClient, rows: AsyncEngine
) -> None:
    seeded = await seed_orders(rows)
    pages = await all_pages(query_api, {"limit": 7})
    assert [len(p) for p in pages] == [7, 7, 7, 4]
    assert [oid for page in pages for oid in page] == newest_first(seeded)


async def test_an_exact_multiple_ends_without_an_empty_page(
    query_api: ApiClient, rows: AsyncEngine
) -> None:
    seeded = await seed_orders(rows)
    pages = await all_pages(query_api, {"limit": 5})
    assert [len(p) for p in pages] == [5] * 5
    assert [oid for page in pages for oid in page] == newest_first(seeded)


async def test_filters_combine_with_paging(query_api: ApiClient, rows: AsyncEngine) -> None:
    seeded = await seed_orders(rows)
    start, end = T0 + timedelta(minutes=2), T0 + timedelta(minutes=6)
    params = {"status": "placed", "placed_from": start.isoformat(), "placed_to": end.isoformat()}
    pages = await all_pages(query_api, {"limit": 2, **params})
    expected = [r for r in seeded if r["status"] == "placed" and start <= r["placed_at"] < end]
    assert len(pages) > 2
    assert [oid for page in pages for oid in page] == newest_first(expected)
    by_bob = await all_pages(query_api, {"limit": 3, "customer_id": "bob"})
    bobs = [r for r in seeded if r["customer_id"] == "bob"]
    assert [oid for page in by_bob for oid in page] == newest_first(bobs)


async def test_the_order_view_has_its_documented_shape(
    query_api: ApiClient, rows: AsyncEngine
) -> None:
    row = order_row(status="paid", paid_amount=160_000, payment_ref="pay-1", note="ring twice")
    await insert(rows, orders, [row])
    response = await query_api.http.get("/api/orders", headers=query_api.auth("s", "auditor"))
    (item,) = response.json()["items"]
    assert item["order_id"] == str(row["order_id"])
    assert item["items"][0]["menu_item_id"] == "french_dinner"
    assert item["delivery"]["address"] == row["delivery_address"]
    assert (item["status"], item["paid_amount"], item["payment_ref"]) == ("paid", 160_000, "pay-1")
    assert "status_history" not in item
    assert {"revision", "position", "placed_at", "updated_at", "cake_designs"} <= set(item)


def unpadded_json(cursor: str) -> dict[str, Any]:
    return dict(json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))))


def edited(cursor: str, **changes: str) -> str:
    """The same cursor with a field changed: still well-formed, no longer as issued."""
    return base64.urlsafe_b64encode(json.dumps(unpadded_json(cursor) | changes).encode()).decode()


def foreign(body: str) -> str:
    return base64.urlsafe_b64encode(body.encode()).decode()


@pytest.mark.parametrize(
    "params",
    [
        {"status": "lost"},
        {"limit": "0"},
        {"limit": "101"},
        {"limit": "many"},
        {"placed_from": "yesterday"},
        {"placed_from": "2026-12-01T10:00:00"},  # no time zone
        {"placed_from": "2026-12-02T00:00:00Z", "placed_to": "2026-12-01T00:00:00Z"},
        {"cursor": "!!!not-base64!!!"},
        {"cursor": foreign('{"v": 1, "p": "2026-12-01T12:00:00+00:00"}')},
        {"cursor": foreign('{"v": 1, "p": 5, "o": "x"}')},
        {"cursor": foreign('{"v": 1, "p": "2026-12-01", "o": "' + "0" * 32 + '", "s": "00"}')},
        {"cursor": foreign("[1, 2, 3]")},
        {"cursor": "x" * 600},
    ],
)
async def test_bad_filters_and_cursors_are_422_problems(
    query_api: ApiClient, params: dict[str, str]
) -> None:
    response = await query_api.http.get(
        "/api/orders", params=params, headers=query_api.auth("s", "staff")
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["status"] == 422


async def test_a_tampered_cursor_is_a_422_problem(query_api: ApiClient, rows: AsyncEngine) -> None:
    await seed_orders(rows)
    headers = query_api.auth("s", "staff")
    first = await query_api.http.get("/api/orders", params={"limit": 3}, headers=headers)
    cursor = first.json()["next_cursor"]
    later = (T0 + timedelta(days=1)).isoformat()
    for bad in (edited(cursor, p=later), edited(cursor, s="0" * 32), cursor[:-4], cursor + "@@"):
        response = await query_api.http.get("/api/orders", params={"cursor": bad}, headers=headers)
        assert response.status_code == 422, bad
        assert response.headers["content-type"].startswith(PROBLEM)


async def test_customers_list_only_their_own_orders(
    query_api: ApiClient, rows: AsyncEngine
) -> None:
    seeded = await seed_orders(rows)
    pages = await all_pages(query_api, {"limit": 4}, role="customer")
    alices = [r for r in seeded if r["customer_id"] == "alice"]
    headers = query_api.auth("alice", "customer")
    response = await query_api.http.get("/api/orders", params={"limit": 100}, headers=headers)
    assert [i["order_id"] for i in response.json()["items"]] == newest_first(alices)
    assert {i["customer_id"] for i in response.json()["items"]} == {"alice"}
    assert pages == [[]]  # the customer "u1" has no orders
    own = await query_api.http.get("/api/orders?customer_id=alice", headers=headers)
    assert len(own.json()["items"]) == len(alices)
    other = await query_api.http.get("/api/orders?customer_id=bob", headers=headers)
    assert other.status_code == 403
    assert other.headers["content-type"].startswith(PROBLEM)


async def test_listing_needs_a_token(query_api: ApiClient) -> None:
    response = await query_api.http.get("/api/orders")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(PROBLEM)
