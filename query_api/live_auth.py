"""Who may keep a live socket open: the token is checked at connect, and the socket is closed
with 4401 the moment the token would no longer be accepted on a request: it expired, it was
signed out, or its account was disabled or given another role.

Each socket listens, through the process's one Redis hub, to its subject's `auth:changed`
channel, on which the command API announces every revocation and account change; it checks
Redis again when told, when the token expires, and every `RECHECK_SECONDS` besides, since
pub/sub delivers at most once and a message lost in a reconnect must not keep a socket open.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from redis.exceptions import RedisError
from starlette.websockets import WebSocket, WebSocketState

from api_common.auth import Principal, admitted, decode_token, principal_from_header
from api_common.problems import Problem
from api_common.revocation import Revocations
from dinner.settings import Settings
from query_api.live_hub import Listener, LiveHub, Overflowed
from query_api.live_relay import relay

UNAUTHENTICATED = 4401
RECHECK_SECONDS = 30.0


async def authenticate(websocket: WebSocket) -> Principal | None:
    settings: Settings = websocket.app.state.settings
    token = websocket.query_params.get("token")
    try:
        if token:
            principal = decode_token(settings, token)
        else:
            principal = principal_from_header(settings, websocket.headers.get("authorization"))
        return await admitted(websocket.app.state.redis, settings, principal)
    except Problem:
        return None


async def relay_while_signed_in(
    websocket: WebSocket, principal: Principal, channels: list[str], topic: str
) -> None:
    """`relay`, until the client leaves or the token stops being accepted (then 4401)."""
    app = websocket.app
    hub: LiveHub = app.state.live
    revocations = Revocations(app.state.redis, app.state.settings.redis_prefix)
    async with hub.listen([revocations.changes(principal.user_id)]) as told:
        # Checked again now that the channel is heard: nothing said since connect is missed.
        refusal = await _refusal(revocations, principal)
        if refusal is None:
            relaying = asyncio.create_task(relay(websocket, hub, channels, topic))
            watching = asyncio.create_task(_until_refused(told, revocations, principal))
            refusal = await _first_of(relaying, watching)
    if refusal is not None and websocket.application_state == WebSocketState.CONNECTED:
        with contextlib.suppress(Exception):  # the client may be gone already
            await websocket.close(UNAUTHENTICATED, refusal)


async def _first_of(relaying: asyncio.Task[None], watching: asyncio.Task[str]) -> str | None:
    """Why the token stopped being accepted, or None when the relay ended first."""
    try:
        await asyncio.wait({relaying, watching}, return_when=asyncio.FIRST_COMPLETED)
    finally:  # also when the handler is cancelled: neither may outlive it
        relaying.cancel()
        watching.cancel()
        await asyncio.gather(relaying, watching, return_exceptions=True)
    if watching.cancelled() or watching.exception() is not None:
        return None
    return watching.result()


async def _until_refused(told: Listener, revocations: Revocations, principal: Principal) -> str:
    while True:
        left = principal.expires_at - time.time()
        if left <= 0:
            return "The token has expired."
        try:
            await asyncio.wait_for(told.next(), min(left, RECHECK_SECONDS))
        except TimeoutError:
            pass
        except Overflowed:  # not heard any more: the timer alone keeps checking
            await asyncio.sleep(min(left, RECHECK_SECONDS))
        refusal = await _refusal(revocations, principal)
        if refusal is not None:
            return refusal


async def _refusal(revocations: Revocations, principal: Principal) -> str | None:
    if principal.expires_at <= time.time():
        return "The token has expired."
    try:
        verdict = await revocations.verdict(principal.user_id, principal.role, principal.jti)
    except (RedisError, OSError):
        return None  # Redis is away: the relay, which needs it too, ends on its own
    return verdict.refusal
