"""Idempotency keys, If-Match and concurrent commands on one order."""

from __future__ import annotations

import asyncio

from eventstore.postgres import PostgresEventStore
from schemas.streams import StreamId
from tests.support.apps import ApiClient
from tests.support.orders import order_body, place


async def test_a_repeated_idempotency_key_replays_the_first_response(
    command_api: ApiClient, pg_store: PostgresEventStore
) -> None:
    headers = {**command_api.auth("alice", "customer"), "Idempotency-Key": "order-1"}
    first = await command_api.http.post("/api/orders", json=order_body(), headers=headers)
    again = await command_api.http.post("/api/orders", json=order_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    assert "Idempotent-Replayed" not in first.headers
    assert await pg_store.head_position() == first.json()["position"]


async def test_the_same_key_with_another_body_is_422(command_api: ApiClient) -> None:
    headers = {**command_api.auth("alice", "customer"), "Idempotency-Key": "order-2"}
    await command_api.http.post("/api/orders", json=order_body(), headers=headers)
    other = order_body(items=[{"menu_item_id": "steak", "quantity": 1}])
    response = await command_api.http.post("/api/orders", json=other, headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_sixteen_concurrent_payments_have_exactly_one_winner(
    command_api: ApiClient, pg_store: PostgresEventStore
) -> None:
    order = await place(command_api)

    async def pay(n: int) -> int:
        response = await command_api.http.post(
            f"/api/orders/{order['order_id']}/pay",
            json={"payment_ref": f"card-{n}", "amount": order["total"]},
            headers=command_api.auth("alice", "customer"),
        )
        return response.status_code

    statuses = await asyncio.gather(*(pay(n) for n in range(16)))
    assert statuses.count(200) == 1
    assert set(statuses) <= {200, 409}
    events = await pg_store.read_stream(StreamId.order(order["order_id"]))
    assert [e.type for e in events].count("OrderPaid") == 1


async def test_if_match_guards_the_revision(command_api: ApiClient) -> None:
    order = await place(command_api)
    path = f"/api/orders/{order['order_id']}/pay"
    body = {"payment_ref": "card-1", "amount": order["total"]}
    stale = await command_api.http.post(
        path, json=body, headers={**command_api.auth("alice", "customer"), "If-Match": '"5"'}
    )
    assert stale.status_code == 412
    assert stale.json()["current_revision"] == 0
    fresh = await command_api.http.post(
        path, json=body, headers={**command_api.auth("alice", "customer"), "If-Match": '"0"'}
    )
    assert fresh.status_code == 200
    assert fresh.headers["ETag"] == '"1"'
    garbled = await command_api.http.post(
        f"/api/orders/{order['order_id']}/cancel",
        json={"reason": "r"},
        headers={**command_api.auth("alice", "customer"), "If-Match": "yesterday"},
    )
    assert garbled.status_code == 400
