"""The query API's WebSockets as the security tests see them: admitted, or closed with a code.

Starlette's TestClient runs the app on an event loop of its own and blocks, so callers run
these in a worker thread (`asyncio.to_thread`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.websockets import WebSocketDisconnect

from dinner.settings import Settings
from query_api.app import create_app

with warnings.catch_warnings():
    # Starlette now prefers `httpx2` under its TestClient; the project pins httpx.
    warnings.simplefilter("ignore", DeprecationWarning)
    from starlette.testclient import TestClient

ADMITTED = "subscribed"


@contextmanager
def live_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, read_wait_seconds=1.0)) as client:
        yield client


def socket_outcome(client: TestClient, path: str, token: str | None) -> str:
    """`subscribed`, or the close code the server refused the socket with."""
    url = path if token is None else f"{path}?token={token}"
    with client.websocket_connect(url) as socket:
        try:
            frame = socket.receive_json()
        except WebSocketDisconnect as closed:
            return str(closed.code)
    return ADMITTED if frame.get("type") == ADMITTED else f"unexpected frame {frame}"
