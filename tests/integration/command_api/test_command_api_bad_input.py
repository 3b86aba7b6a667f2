"""Bad input is a 4xx problem+json, never a 500, and appends nothing."""

from __future__ import annotations

from typing import Any

import pytest

from eventstore.postgres import PostgresEventStore
from tests.support.apps import ApiClient
from tests.support.orders import DELIVERY, order_body

BAD_ORDERS: list[tuple[str, Any]] = [
    ("unknown item", order_body([{"menu_item_id": "unicorn", "quantity": 1}])),
    ("quantity zero", order_body([{"menu_item_id": "steak", "quantity": 0}])),
    ("quantity 1000", order_body([{"menu_item_id": "steak", "quantity": 1000}])),
    ("negative quantity", order_body([{"menu_item_id": "steak", "quantity": -1}])),
    ("empty items", order_body([])),
    ("quantity as text", order_body([{"menu_item_id": "steak", "quantity": "two"}])),
    ("quantity as float", order_body([{"menu_item_id": "steak", "quantity": 1.5}])),
    ("style on an extra", order_body([{"menu_item_id": "steak", "quantity": 1,
                                       "serving_style": "grand"}])),
    ("style not offered", order_body([{"menu_item_id": "champagne_feast_dinner", "quantity": 1,
                                       "serving_style": "simple"}])),
    ("unknown style", order_body([{"menu_item_id": "french_dinner", "quantity": 1,
                                   "serving_style": "royal"}])),
    ("no delivery", {"items": [{"menu_item_id": "steak", "quantity": 1}]}),
    ("naive time", order_body(delivery={**DELIVERY, "requested_for": "2026-12-24T19:00:00"})),
    ("items not a list", {"items": "steak", "delivery": DELIVERY}),
    ("unknown field", order_body(coupon="FREE")),
    ("a list body", [1, 2, 3]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "body"), BAD_ORDERS, ids=[c for c, _ in BAD_ORDERS])
async def test_a_bad_order_is_refused_and_appends_nothing(
    command_api: ApiClient, pg_store: PostgresEventStore, case: str, body: Any
) -> None:
    before = await pg_store.head_position()
    response = await command_api.http.post(
        "/api/orders", json=body, headers=command_api.auth("alice", "customer")
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == response.status_code
    assert await pg_store.head_position() == before


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"", b"\xff\xfe", b'{"items": [}'],
    ids=["broken", "empty", "binary", "cut"],
)
async def test_invalid_json_is_a_problem(
    command_api: ApiClient, pg_store: PostgresEventStore, raw: bytes
) -> None:
    before = await pg_store.head_position()
    response = await command_api.http.post(
        "/api/orders",
        content=raw,
        headers={**command_api.auth("alice", "customer"), "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert await pg_store.head_position() == before


async def test_a_five_megabyte_body_is_413(
    command_api: ApiClient, pg_store: PostgresEventStore
) -> None:
    before = await pg_store.head_position()
    huge = b'{"note": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    response = await command_api.http.post(
        "/api/orders",
        content=huge,
        headers={**command_api.auth("alice", "customer"), "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert await pg_store.head_position() == before


async def test_a_path_id_that_is_not_a_uuid_is_422(command_api: ApiClient) -> None:
    response = await command_api.http.post(
        "/api/orders/not-a-uuid/confirm", headers=command_api.auth("sam", "staff")
    )
    assert response.status_code == 422
