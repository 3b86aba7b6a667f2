"""The order routes of the command API against the real event store and Redis."""

from __future__ import annotations

import uuid

from eventstore.postgres import PostgresEventStore
from schemas.streams import StreamId
from tests.support.apps import ApiClient
from tests.support.orders import FRENCH_FOR_TWO_TOTAL, pay, place, staff_step


async def test_placing_an_order_prices_it_on_the_server(
    command_api: ApiClient, pg_store: PostgresEventStore
) -> None:
    response = await command_api.http.post(
        "/api/orders",
        json={
            "items": [
                {"menu_item_id": "french_dinner", "quantity": 2, "serving_style": "grand"},
                {"menu_item_id": "cake", "quantity": 1},
            ],
            "delivery": {"address": "1 Main St", "requested_for": "2026-12-24T19:00:00+09:00"},
            "note": "ring twice",
        },
        headers={**command_api.auth("alice", "customer"), "X-Correlation-ID": "corr-123"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "placed"
    assert body["total"] == FRENCH_FOR_TWO_TOTAL
    assert body["revision"] == 0
    assert response.headers["Location"] == f"/api/orders/{body['order_id']}"
    (event,) = await pg_store.read_stream(StreamId.order(body["order_id"]))
    assert event.type == "OrderPlaced"
    assert event.position == body["position"]
    assert event.data["total"] == FRENCH_FOR_TWO_TOTAL
    assert event.data["customer_id"] == "alice"
    assert event.metadata.correlation_id == "corr-123"
    assert event.metadata.causation_id
    assert event.metadata.actor.user_id == "alice"


async def test_a_quote_is_what_placing_the_same_lines_records(
    command_api: ApiClient, pg_store: PostgresEventStore
) -> None:
    items = [
        {"menu_item_id": "french_dinner", "quantity": 2, "serving_style": "grand"},
        {"menu_item_id": "cake", "quantity": 1},
    ]
    before = await pg_store.head_position()
    quoted = await command_api.http.post(
        "/api/orders/quote", json={"items": items}, headers=command_api.auth("alice", "customer")
    )
    assert quoted.status_code == 200
    assert quoted.json()["total"] == FRENCH_FOR_TWO_TOTAL
    assert await pg_store.head_position() == before  # nothing stored
    placed = await place(command_api, items=items)
    (event,) = await pg_store.read_stream(StreamId.order(placed["order_id"]))
    assert quoted.json()["lines"] == event.data["lines"]


async def test_a_quote_refuses_what_placing_would_refuse(command_api: ApiClient) -> None:
    for items, code in (
        ([{"menu_item_id": "no_such_dish", "quantity": 1}], "unknown_menu_item"),
        ([], "no_items"),
    ):
        response = await command_api.http.post(
            "/api/orders/quote",
            json={"items": items},
            headers=command_api.auth("alice", "customer"),
        )
        assert response.status_code in (404, 422), response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith(f"/{code}")


async def test_an_order_walks_its_whole_lifecycle(command_api: ApiClient) -> None:
    order = await place(command_api)
    paid = await pay(command_api, order)
    assert paid["status"] == "paid"
    oid = order["order_id"]
    assert (await staff_step(command_api, oid, "confirm"))["status"] == "confirmed"
    assert (await staff_step(command_api, oid, "start-cooking"))["status"] == "cooking"
    assert (await staff_step(command_api, oid, "ready"))["status"] == "ready"
    dispatched = await staff_step(command_api, oid, "dispatch", courier="kim")
    assert dispatched["status"] == "dispatched"
    delivered = await staff_step(command_api, oid, "deliver")
    assert delivered["status"] == "delivered"
    assert delivered["revision"] == 6
    assert delivered["position"] > dispatched["position"]


async def test_items_change_while_placed_and_reprice(command_api: ApiClient) -> None:
    order = await place(command_api)
    response = await command_api.http.put(
        f"/api/orders/{order['order_id']}/items",
        json={"items": [{"menu_item_id": "valentine_dinner", "quantity": 1}]},
        headers=command_api.auth("alice", "customer"),
    )
    assert response.status_code == 200
    assert response.json()["total"] == 60_000


async def test_an_invalid_transition_is_409(command_api: ApiClient) -> None:
    order = await place(command_api)
    response = await command_api.http.post(
        f"/api/orders/{order['order_id']}/confirm", headers=command_api.auth("sam", "staff")
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


async def test_paying_twice_is_409_and_a_wrong_amount_is_422(command_api: ApiClient) -> None:
    order = await place(command_api)
    wrong = await command_api.http.post(
        f"/api/orders/{order['order_id']}/pay",
        json={"payment_ref": "card-1", "amount": order["total"] - 1},
        headers=command_api.auth("alice", "customer"),
    )
    assert wrong.status_code == 422
    await pay(command_api, order)
    again = await command_api.http.post(
        f"/api/orders/{order['order_id']}/pay",
        json={"payment_ref": "card-2", "amount": order["total"]},
        headers=command_api.auth("alice", "customer"),
    )
    assert again.status_code == 409


async def test_an_unknown_order_is_404(command_api: ApiClient) -> None:
    response = await command_api.http.post(
        f"/api/orders/{uuid.uuid4()}/pay",
        json={"payment_ref": "card-1", "amount": 1000},
        headers=command_api.auth("alice", "customer"),
    )
    assert response.status_code == 404
    assert response.json()["status"] == 404


async def test_cancel_by_customer_before_cooking_and_by_staff_after(
    command_api: ApiClient,
) -> None:
    early = await place(command_api)
    cancelled = await command_api.http.post(
        f"/api/orders/{early['order_id']}/cancel",
        json={"reason": "changed my mind"},
        headers=command_api.auth("alice", "customer"),
    )
    assert cancelled.json()["status"] == "cancelled"

    late = await place(command_api)
    await pay(command_api, late)
    for step in ("confirm", "start-cooking"):
        await staff_step(command_api, late["order_id"], step)
    refused = await command_api.http.post(
        f"/api/orders/{late['order_id']}/cancel",
        json={"reason": "too late"},
        headers=command_api.auth("alice", "customer"),
    )
    assert refused.status_code == 409
    by_staff = await staff_step(command_api, late["order_id"], "cancel", reason="oven broke")
    assert by_staff["status"] == "cancelled"


async def test_reject_by_staff(command_api: ApiClient) -> None:
    order = await place(command_api)
    rejected = await staff_step(command_api, order["order_id"], "reject", reason="closed")
    assert rejected["status"] == "rejected"


async def test_a_cake_design_request_is_accepted_for_an_order_with_a_cake(
    command_api: ApiClient, pg_store: PostgresEventStore
) -> None:
    order = await place(command_api)
    response = await command_api.http.post(
        f"/api/orders/{order['order_id']}/cake-design",
        json={"prompt": "a red heart with gold stars"},
        headers=command_api.auth("alice", "customer"),
    )
    assert response.status_code == 202
    request_id = response.json()["request_id"]
    events = await pg_store.read_stream(StreamId.order(order["order_id"]))
    assert events[-1].type == "CakeDesignRequested"
    assert events[-1].data["request_id"] == request_id

    no_cake = await place(command_api, items=[{"menu_item_id": "steak", "quantity": 1}])
    refused = await command_api.http.post(
        f"/api/orders/{no_cake['order_id']}/cake-design",
        json={"prompt": "a red heart"},
        headers=command_api.auth("alice", "customer"),
    )
    assert refused.status_code == 422
