"""Request bodies and small flows shared by the command API tests."""

from __future__ import annotations

from typing import Any

from tests.support.apps import ApiClient

DELIVERY = {"address": "12 Sejong-daero, Seoul", "requested_for": "2026-12-24T19:00:00+09:00"}
FRENCH_FOR_TWO = [
    {"menu_item_id": "french_dinner", "quantity": 2, "serving_style": "grand"},
    {"menu_item_id": "cake", "quantity": 1},
]
FRENCH_FOR_TWO_TOTAL = 2 * (70_000 + 10_000) + 25_000


def order_body(items: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"items": items if items is not None else FRENCH_FOR_TWO, "delivery": DELIVERY, **extra}


async def place(api: ApiClient, customer: str = "alice", **body: Any) -> dict[str, Any]:
    response = await api.http.post(
        "/api/orders", json=order_body(**body), headers=api.auth(customer, "customer")
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def pay(api: ApiClient, order: dict[str, Any], customer: str = "alice") -> dict[str, Any]:
    response = await api.http.post(
        f"/api/orders/{order['order_id']}/pay",
        json={"payment_ref": "card-1", "amount": order["total"]},
        headers=api.auth(customer, "customer"),
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def staff_step(api: ApiClient, order_id: str, step: str, **body: Any) -> dict[str, Any]:
    response = await api.http.post(
        f"/api/orders/{order_id}/{step}", json=body or None, headers=api.auth("sam", "staff")
    )
    assert response.status_code == 200, response.text
    return dict(response.json())
