"""A command run again under the same Idempotency-Key after its idempotency record is gone
(the command API died between the append and storing the response, or answered 503 after the
commit) finds its own events and answers as the first run did: no second order, no 409."""

from __future__ import annotations

from eventstore.postgres import PostgresEventStore
from schemas.streams import StreamId
from tests.support.apps import ApiClient, delete_redis_prefix
from tests.support.orders import order_body


async def forget_idempotency_records(api: ApiClient) -> None:
    await delete_redis_prefix(api.settings.redis_url, api.settings.redis_prefix)


async def test_placing_again_names_the_same_order_and_appends_nothing(
    command_api: ApiClient, pg_store: PostgresEventStore
) -> None:
    headers = {**command_api.auth("alice", "customer"), "Idempotency-Key": "place-once"}
    first = await command_api.http.post("/api/orders", json=order_body(), headers=headers)
    await forget_idempotency_records(command_api)
    again = await command_api.http.post("/api/orders", json=order_body(), headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert "Idempotent-Replayed" not in again.headers  # run again, not replayed from Redis
    assert await pg_store.head_position() == first.json()["position"]
    events = await pg_store.read_stream(StreamId.order(first.json()["order_id"]))
    assert [e.type for e in events] == ["OrderPlaced"]


async def test_paying_again_answers_200_with_the_first_payment(
    command_api: ApiClient, pg_store: PostgresEventStore
) -> None:
    customer = command_api.auth("alice", "customer")
    placed = await command_api.http.post("/api/orders", json=order_body(), headers=customer)
    order = placed.json()
    path = f"/api/orders/{order['order_id']}/pay"
    body = {"payment_ref": "card-1", "amount": order["total"]}
    headers = {**customer, "Idempotency-Key": "pay-once"}
    first = await command_api.http.post(path, json=body, headers=headers)
    await forget_idempotency_records(command_api)
    again = await command_api.http.post(path, json=body, headers=headers)

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    events = await pg_store.read_stream(StreamId.order(order["order_id"]))
    assert [e.type for e in events] == ["OrderPlaced", "OrderPaid"]
    # Another key is another command: refused, since the order is paid.
    other = await command_api.http.post(
        path, json=body, headers={**customer, "Idempotency-Key": "pay-twice"}
    )
    assert other.status_code == 409
