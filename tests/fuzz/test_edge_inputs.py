"""Inputs the fuzzer found (or could find only rarely): some once reached PostgreSQL or the
calendar arithmetic and failed there as a 500, some were read as something the documented
schema does not allow. Each is now refused as a 422, or answered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from api_common.auth import Role
from tests.fuzz.world import FuzzTarget, fuzz_target, seeded

NUL = "\u0000"
DELIVERY = {"address": "12 Sejong-daero", "requested_for": "2030-12-24T19:00:00+09:00"}
LINE = {"menu_item_id": "french_dinner", "quantity": 1, "serving_style": "grand"}
BEFORE_YEAR_ONE = "0001-01-01T00:00:00%2B14:00"
AFTER_YEAR_9999 = "9999-12-31T23:59:00-14:00"


@pytest.fixture(scope="module")
async def target(pg_pool: asyncpg.Pool) -> AsyncIterator[FuzzTarget]:
    target = fuzz_target()
    async with seeded(target, pg_pool):
        yield target


async def call(
    app: FastAPI, target: FuzzTarget, role: Role, method: str, path: str, body: Any = None
) -> httpx.Response:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://fuzz") as client:
            kwargs = {} if body is None else {"json": body}
            return await client.request(method, path, headers=target.auth(role), **kwargs)


def order(**changes: Any) -> dict[str, Any]:
    return {"items": [LINE], "delivery": DELIVERY, **changes}


@pytest.mark.parametrize(
    ("role", "method", "path", "body"),
    [
        ("customer", "POST", "/api/orders", order(note=f"ring{NUL}")),
        ("customer", "POST", "/api/orders", order(delivery={**DELIVERY, "address": f"a{NUL}"})),
        (
            "customer",
            "POST",
            "/api/orders",
            order(delivery={**DELIVERY, "requested_for": AFTER_YEAR_9999}),
        ),
        ("customer", "POST", "/api/orders/{order}/cancel", {"reason": f"no{NUL}"}),
        ("staff", "POST", "/api/orders/{order}/dispatch", {"courier": f"kim{NUL}"}),
        ("admin", "PATCH", "/api/menu/items/steak%00", {"price": 5}),
        ("admin", "PATCH", "/api/menu/items/steak", {"name": f"steak{NUL}"}),
        ("admin", "PATCH", "/api/menu/items/steak", {"price": 10**30}),
        ("admin", "PATCH", "/api/menu/items/steak", {"available": "yes"}),
        ("admin", "POST", "/api/admin/customers/a%00b/forget", None),
        (
            "admin",
            "POST",
            "/api/menu/items",
            {"menu_item_id": "tea", "name": "Tea", "kind": "extra", "price": 10**20},
        ),
    ],
)
async def test_the_command_api_refuses(
    target: FuzzTarget, role: Role, method: str, path: str, body: Any
) -> None:
    path = path.format(order=target.known["order_id"][0])
    response = await call(target.command_app, target, role, method, path, body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path",
    [
        "/api/audit/streams/a%00b",
        "/api/audit/verify?stream_id=a%00b",
        "/api/audit/events?type=a%00b",
        f"/api/audit/events?from_time={BEFORE_YEAR_ONE}",
        f"/api/audit/events?from_position={2**63}",
        "/api/audit/orders/{order}/as-of?time=" + BEFORE_YEAR_ONE,
        "/api/orders?customer_id=a%00b",
        f"/api/orders?placed_from={BEFORE_YEAR_ONE}",
        "/api/orders/{order}?min_position=" + str(2**63),
        "/api/audit/orders/{order}/as-of?revision=" + str(2**63 - 1),
        "/api/orders?placed_to=0.5",
        "/api/stats/sales?to=0",
    ],
)
async def test_the_query_api_refuses(target: FuzzTarget, path: str) -> None:
    path = path.format(order=target.known["order_id"][0])
    response = await call(target.query_app, target, "auditor", "GET", path)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


async def test_sales_up_to_the_first_day_of_the_calendar_is_answered(target: FuzzTarget) -> None:
    response = await call(
        target.query_app, target, "staff", "GET", "/api/stats/sales?to=0001-01-02"
    )
    assert response.status_code == 200, response.text
    assert response.json()["from"] == "0001-01-01"
