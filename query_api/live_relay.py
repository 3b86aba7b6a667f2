"""Forwards a hub listener's messages to a WebSocket until either side is done."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection

import redis.asyncio as redis
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from query_api.live_hub import Listener, LiveHub, Overflowed

log = logging.getLogger(__name__)

TRY_AGAIN_LATER = 1013
INTERNAL_ERROR = 1011


async def relay(websocket: WebSocket, hub: LiveHub, channels: Collection[str], topic: str) -> None:
    code = 1000
    try:
        async with hub.listen(channels) as listener:
            await websocket.send_json({"type": "subscribed", "topic": topic})
            code = await _until_either_ends(websocket, listener)
    except WebSocketDisconnect:
        return
    except (redis.RedisError, OSError) as error:
        log.warning("live updates unavailable: %s", error)
        code = INTERNAL_ERROR
    if websocket.application_state == WebSocketState.CONNECTED:
        with contextlib.suppress(Exception):
            await websocket.close(code)


async def _until_either_ends(websocket: WebSocket, listener: Listener) -> int:
    """The close code to send: normal when the client left, 1013 when it fell behind."""
    forwarding = asyncio.create_task(_forward(websocket, listener))
    receiving = asyncio.create_task(_until_disconnect(websocket))
    try:
        await asyncio.wait({forwarding, receiving}, return_when=asyncio.FIRST_COMPLETED)
    finally:  # also when this handler is cancelled: the helpers must not outlive it
        forwarding.cancel()
        receiving.cancel()
    await asyncio.wait({forwarding, receiving})
    errors = [task.exception() for task in (forwarding, receiving) if not task.cancelled()]
    if any(isinstance(error, Overflowed) for error in errors):
        return TRY_AGAIN_LATER
    for error in errors:
        if error is not None:
            log.debug("live socket ended: %r", error)
    return 1000


async def _forward(websocket: WebSocket, listener: Listener) -> None:
    while True:
        data = await listener.next()
        await websocket.send_text(data.decode("utf-8", errors="replace"))


async def _until_disconnect(websocket: WebSocket) -> None:
    """Reads (and ignores) what the client sends until it goes away."""
    while websocket.client_state == WebSocketState.CONNECTED:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
