"""A client that passes the position it was given reads its own write, every time."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets

from tests.support.orders import order_body
from tests.support.system import System

pytestmark = pytest.mark.slow


async def test_post_then_get_with_min_position_shows_the_new_state_under_load(
    system: System,
) -> None:
    async with (
        httpx.AsyncClient(base_url=system.command_url, timeout=30) as commands,
        httpx.AsyncClient(base_url=system.query_url, timeout=30) as queries,
    ):

        async def customer(n: int) -> list[str]:
            headers = system.auth(f"customer-{n}", "customer")
            placed = (await commands.post("/api/orders", json=order_body(), headers=headers)).json()
            seen = []
            path = f"/api/orders/{placed['order_id']}"
            read = await queries.get(
                path, params={"min_position": placed["position"]}, headers=headers
            )
            seen.append((read.json()["status"], read.headers.get("X-Projection-Stale")))
            payment = {"payment_ref": f"card-{n}", "amount": placed["total"]}
            paid = await commands.post(f"{path}/pay", headers=headers, json=payment)
            read = await queries.get(
                path, params={"min_position": paid.json()["position"]}, headers=headers
            )
            seen.append((read.json()["status"], read.headers.get("X-Projection-Stale")))
            return [f"{status}/{stale}" for status, stale in seen]

        results = await asyncio.gather(*(customer(n) for n in range(40)))
    assert all(r == ["placed/None", "paid/None"] for r in results), results


async def test_a_websocket_receives_each_status_change_in_order(system: System) -> None:
    customer = system.auth("alice", "customer")
    staff = system.auth("sam", "staff")
    async with httpx.AsyncClient(base_url=system.command_url, timeout=30) as commands:
        order = (await commands.post("/api/orders", json=order_body(), headers=customer)).json()
        path = f"/api/orders/{order['order_id']}"
        ws_url = system.query_url.replace("http", "ws") + path.replace("/api", "/ws")
        async with websockets.connect(f"{ws_url}?token={system.token('alice', 'customer')}") as ws:
            assert json.loads(await ws.recv())["type"] == "subscribed"
            await commands.post(
                f"{path}/pay",
                headers=customer,
                json={"payment_ref": "card", "amount": order["total"]},
            )
            for step, body in [
                ("confirm", None),
                ("start-cooking", None),
                ("ready", None),
                ("dispatch", {"courier": "kim"}),
                ("deliver", None),
            ]:
                assert (await commands.post(f"{path}/{step}", json=body, headers=staff)).is_success
            received = []
            async with asyncio.timeout(20):
                while len(received) < 6:
                    received.append(json.loads(await ws.recv()))
    assert [m["type"] for m in received] == [
        "OrderPaid",
        "OrderConfirmed",
        "CookingStarted",
        "OrderReady",
        "OrderDispatched",
        "OrderDelivered",
    ]
    assert [m["revision"] for m in received] == [1, 2, 3, 4, 5, 6]
