"""Who may call which command route: one table, every route, every role."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.apps import ApiClient
from tests.support.audio import wav_bytes
from tests.support.orders import order_body, place

ROLES = ("customer", "staff", "admin", "auditor")


# (method, path template, JSON body, roles allowed). `{id}` is an order placed by "owner".
MATRIX: list[tuple[str, str, Any, set[str]]] = [
    ("POST", "/api/orders", order_body(), {"customer"}),
    ("PUT", "/api/orders/{id}/items", {"items": [{"menu_item_id": "cake", "quantity": 1}]},
     {"customer"}),
    ("POST", "/api/orders/{id}/pay", {"payment_ref": "p", "amount": 1}, {"customer"}),
    ("POST", "/api/orders/{id}/confirm", None, {"staff"}),
    ("POST", "/api/orders/{id}/reject", {"reason": "closed"}, {"staff"}),
    ("POST", "/api/orders/{id}/start-cooking", None, {"staff"}),
    ("POST", "/api/orders/{id}/ready", None, {"staff"}),
    ("POST", "/api/orders/{id}/dispatch", {"courier": "kim"}, {"staff"}),
    ("POST", "/api/orders/{id}/deliver", None, {"staff"}),
    ("POST", "/api/orders/{id}/cancel", {"reason": "r"}, {"customer", "staff"}),
    ("POST", "/api/orders/{id}/cake-design", {"prompt": "a heart"}, {"customer"}),
    ("POST", "/api/voice-orders", "audio", {"customer"}),
    ("POST", "/api/voice-orders/{id}/accept", None, {"customer"}),
    ("POST", "/api/menu/items",
     {"menu_item_id": "soup", "name": "Soup", "kind": "extra", "price": 5000}, {"admin"}),
    ("PATCH", "/api/menu/items/steak", {"price": 26_000}, {"admin"}),
]  # fmt: skip


async def call(api: ApiClient, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    if body == "audio":
        files = {"audio": ("order.wav", wav_bytes(), "audio/wav")}
        return await api.http.request(method, path, files=files, headers=headers)
    return await api.http.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize(("method", "template", "body", "allowed"), MATRIX)
async def test_each_route_admits_only_its_roles(
    command_api: ApiClient, method: str, template: str, body: Any, allowed: set[str]
) -> None:
    order = await place(command_api, customer="owner")
    path = template.replace("{id}", order["order_id"])

    anonymous = await call(command_api, method, path, body, {})
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"

    for role in ROLES:
        response = await call(command_api, method, path, body, command_api.auth("owner", role))
        if role in allowed:
            assert response.status_code not in (401, 403), (role, response.text)
        else:
            assert response.status_code == 403, (role, response.text)


@pytest.mark.parametrize(
    ("step", "body"),
    [
        ("pay", {"payment_ref": "p", "amount": 185_000}),
        ("cancel", {"reason": "not mine"}),
        ("cake-design", {"prompt": "a heart"}),
    ],
)
async def test_a_customer_cannot_act_on_another_customers_order(
    command_api: ApiClient, step: str, body: dict[str, Any]
) -> None:
    order = await place(command_api, customer="alice")
    response = await command_api.http.post(
        f"/api/orders/{order['order_id']}/{step}",
        json=body,
        headers=command_api.auth("bob", "customer"),
    )
    assert response.status_code == 403
    items = await command_api.http.put(
        f"/api/orders/{order['order_id']}/items",
        json={"items": [{"menu_item_id": "cake", "quantity": 1}]},
        headers=command_api.auth("bob", "customer"),
    )
    assert items.status_code == 403
