"""The live WebSockets, driven by Starlette's TestClient against the real Redis.

The TestClient runs the app on an event loop of its own and blocks, so each scenario runs in
a worker thread and publishes with a synchronous Redis client.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.websockets import WebSocketDisconnect

from api_common.auth import mint_token
from dinner.settings import Settings
from projections.tables import orders
from query_api.app import create_app
from schemas.channels import dashboard_channel, stream_channel
from tests.support.read_rows import insert, order_row

with warnings.catch_warnings():
    # Starlette now prefers `httpx2` under its TestClient; the project pins httpx.
    warnings.simplefilter("ignore", DeprecationWarning)
    from starlette.testclient import TestClient

UPDATE = {"event_id": "e1", "type": "OrderPaid", "revision": 1, "position": 12}


@contextmanager
def live_app(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, read_wait_seconds=0.3)) as client:
        yield client


def token(settings: Settings, sub: str, role: str) -> str:
    return mint_token(settings, sub, role)  # type: ignore[arg-type]


def subscribers(settings: Settings, channel: str) -> int:
    with redis.Redis.from_url(settings.redis_url) as client:
        return int(dict(client.pubsub_numsub(channel))[channel.encode()])


def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def publish(settings: Settings, channel: str, message: dict[str, object]) -> None:
    with redis.Redis.from_url(settings.redis_url) as client:
        assert client.publish(channel, json.dumps(message)) == 1


def close_code(client: TestClient, path: str, **kwargs: object) -> int:
    with client.websocket_connect(path, **kwargs) as ws:  # type: ignore[arg-type]
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    return closed.value.code


async def test_an_order_socket_forwards_its_updates_and_unsubscribes(
    live_settings: Settings, rows: AsyncEngine
) -> None:
    settings = live_settings
    row = order_row(customer_id="alice")
    await insert(rows, orders, [row])
    stream_id = f"order-{row['order_id']}"
    channel = stream_channel(settings.redis_prefix, stream_id)

    def scenario() -> None:
        with live_app(settings) as client:
            path = f"/ws/orders/{row['order_id']}?token={token(settings, 'alice', 'customer')}"
            with client.websocket_connect(path) as ws:
                assert ws.receive_json() == {"type": "subscribed", "topic": stream_id}
                publish(settings, channel, {**UPDATE, "stream_id": stream_id})
                assert ws.receive_json() == {**UPDATE, "stream_id": stream_id}
            eventually(lambda: subscribers(settings, channel) == 0)

    await asyncio.to_thread(scenario)


async def test_the_dashboard_takes_a_bearer_header_and_sees_every_order(
    live_settings: Settings,
) -> None:
    settings = live_settings
    channel = dashboard_channel(settings.redis_prefix)

    def scenario() -> None:
        with live_app(settings) as client:
            headers = {"Authorization": f"Bearer {token(settings, 'k', 'staff')}"}
            with (
                client.websocket_connect("/ws/dashboard", headers=headers) as first,
                client.websocket_connect("/ws/dashboard", headers=headers) as second,
            ):
                assert first.receive_json()["type"] == second.receive_json()["type"] == "subscribed"
                assert subscribers(settings, channel) == 1  # one connection per process
                for n in range(3):
                    publish(settings, channel, {**UPDATE, "position": n})
                assert [first.receive_json()["position"] for _ in range(3)] == [0, 1, 2]
                assert [second.receive_json()["position"] for _ in range(3)] == [0, 1, 2]
            eventually(lambda: subscribers(settings, channel) == 0)

    await asyncio.to_thread(scenario)


async def test_sockets_refuse_bad_tokens_and_the_wrong_people(
    live_settings: Settings, rows: AsyncEngine
) -> None:
    settings = live_settings
    theirs = order_row(customer_id="bob")
    await insert(rows, orders, [theirs])

    def scenario() -> None:
        with live_app(settings) as client:
            alice = token(settings, "alice", "customer")
            order = f"/ws/orders/{theirs['order_id']}"
            assert close_code(client, "/ws/dashboard") == 4401
            assert close_code(client, "/ws/dashboard?token=garbage") == 4401
            expired = mint_token(settings, "k", "staff", ttl_seconds=-10)
            assert close_code(client, f"/ws/dashboard?token={expired}") == 4401
            bad_header = {"Authorization": "Bearer nope"}
            assert close_code(client, order, headers=bad_header) == 4401
            assert close_code(client, f"/ws/dashboard?token={alice}") == 4403
            auditor = token(settings, "x", "auditor")
            assert close_code(client, f"/ws/dashboard?token={auditor}") == 4403
            assert close_code(client, f"{order}?token={alice}") == 4403
            assert close_code(client, f"/ws/orders/{uuid.uuid4()}?token={alice}") == 4403

    await asyncio.to_thread(scenario)
