"""Live updates over WebSockets: one order's events, or every order's for the dashboard.

Authentication is a `?token=` query parameter (browsers cannot set headers on a WebSocket) or
an `Authorization: Bearer` header. The socket is accepted first so a refusal can carry its
reason as a close code: 4401 without a valid token, 4403 when the caller may not watch. A
socket is closed with 4401 too once its token expires or is revoked (`query_api.live_auth`).
Once subscribed the server sends `{"type": "subscribed", "topic": …}`; every later frame is
an update exactly as published (`{event_id, stream_id, type, revision, position, …}`).
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, FastAPI, WebSocket

from api_common.auth import Principal
from query_api.freshness import read_fresh
from query_api.live_auth import UNAUTHENTICATED, authenticate, relay_while_signed_in
from query_api.order_reads import one_order
from schemas.channels import ai_result_channel, dashboard_channel, stream_channel
from schemas.streams import StreamId
from schemas.vocabulary import DASHBOARD_ROLES

router = APIRouter(tags=["live"])
FORBIDDEN = 4403


async def order_channels(app: FastAPI, principal: Principal, order_id: UUID) -> list[str] | None:
    """The order's channels (its stream, its pending cake designs), or None: not the caller's.

    A customer's order may not be projected yet when the socket opens right after placing
    it, so the ownership check waits for it as a read-your-writes read would.
    """
    prefix = app.state.settings.redis_prefix
    owner = principal.user_id if principal.role == "customer" else None
    row, _ = await read_fresh(
        app.state.watcher,
        lambda: one_order(app.state.engine, order_id, owner),
        0 if owner is not None else None,
        app.state.read_wait_seconds,
    )
    if owner is not None and row is None:
        return None
    designs = row["cake_designs"] if row is not None else []
    pending = [d["request_id"] for d in designs if d.get("status") == "pending"]
    channel = stream_channel(prefix, StreamId.order(order_id))
    return [channel, *(ai_result_channel(request_id) for request_id in pending)]


@router.websocket("/ws/orders/{order_id}")
async def order_updates(websocket: WebSocket, order_id: UUID) -> None:
    await websocket.accept()
    principal = await authenticate(websocket)
    if principal is None:
        await websocket.close(UNAUTHENTICATED, "A valid token is required.")
        return
    channels = await order_channels(websocket.app, principal, order_id)
    if channels is None:
        await websocket.close(FORBIDDEN, "Not your order.")
        return
    await relay_while_signed_in(websocket, principal, channels, StreamId.order(order_id))


@router.websocket("/ws/dashboard")
async def dashboard_updates(websocket: WebSocket) -> None:
    await websocket.accept()
    principal = await authenticate(websocket)
    if principal is None:
        await websocket.close(UNAUTHENTICATED, "A valid token is required.")
        return
    if principal.role not in DASHBOARD_ROLES:
        await websocket.close(FORBIDDEN, "The dashboard is for staff.")
        return
    prefix = websocket.app.state.settings.redis_prefix
    await relay_while_signed_in(websocket, principal, [dashboard_channel(prefix)], "dashboard")
