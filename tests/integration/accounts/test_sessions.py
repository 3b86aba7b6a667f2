"""Refresh, sign-out and what they do to tokens and open WebSockets, against the running APIs."""

from __future__ import annotations

import asyncio
import threading

import jwt
import pytest
from redis.asyncio import Redis
from starlette.websockets import WebSocketDisconnect

from api_common.auth import mint_token
from api_common.revocation import Revocations
from tests.integration.accounts.people import (
    SignedIn,
    made_by_admin,
    problem_type,
    refresh_cookie,
    signed_up_and_in,
)
from tests.security.sockets import ADMITTED, live_client
from tests.support.audited import Deployment


async def refresh(deployed: Deployment, cookie: str):
    headers = {"Cookie": f"dinner_refresh={cookie}"}
    return await deployed.command.http.post("/api/auth/refresh", headers=headers)


async def test_a_refresh_answers_a_new_token_and_rotates_the_cookie(deployed: Deployment) -> None:
    user = await signed_up_and_in(deployed.command)
    response = await refresh(deployed, user.refresh_cookie)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["user"] == user.body["user"]
    assert body["access_token"] != user.access_token
    rotated = refresh_cookie(response)
    assert rotated != user.refresh_cookie
    again = await refresh(deployed, rotated)
    assert again.status_code == 200, again.text
    headers = {"Authorization": f"Bearer {again.json()['access_token']}"}
    assert (await deployed.query.http.get("/api/orders", headers=headers)).status_code == 200


async def test_a_rotated_refresh_token_used_again_revokes_the_whole_family(
    deployed: Deployment,
) -> None:
    user = await signed_up_and_in(deployed.command)
    thief_copy = user.refresh_cookie
    rotated = refresh_cookie(await refresh(deployed, user.refresh_cookie))
    reused = await refresh(deployed, thief_copy)
    assert reused.status_code == 401
    assert problem_type(reused) == "invalid-refresh-token"
    assert "reused" in reused.json()["detail"]
    assert 'dinner_refresh=""' in reused.headers["set-cookie"]  # told to drop it
    # The family is gone: the legitimate holder's newer token is refused too.
    assert (await refresh(deployed, rotated)).status_code == 401
    # Other sign-ins of the same user are other families, untouched.
    other = await signed_up_and_in(deployed.command)
    assert (await refresh(deployed, other.refresh_cookie)).status_code == 200


@pytest.mark.parametrize("cookie", [None, "made-up-token"])
async def test_a_refresh_without_a_known_cookie_is_401(deployed: Deployment, cookie) -> None:
    headers = {} if cookie is None else {"Cookie": f"dinner_refresh={cookie}"}
    response = await deployed.command.http.post("/api/auth/refresh", headers=headers)
    assert response.status_code == 401
    assert problem_type(response) == "invalid-refresh-token"


async def test_sign_out_revokes_the_token_on_both_apis_and_the_refresh_family(
    deployed: Deployment,
) -> None:
    user = await signed_up_and_in(deployed.command)
    assert (await deployed.query.http.get("/api/orders", headers=user.bearer)).status_code == 200
    out = await deployed.command.http.post(
        "/api/auth/logout", headers={**user.bearer, **user.cookie()}
    )
    assert out.status_code == 204, out.text
    assert 'dinner_refresh=""' in out.headers["set-cookie"]
    listed = await deployed.query.http.get("/api/orders", headers=user.bearer)
    placed = await deployed.command.http.post("/api/orders", json={}, headers=user.bearer)
    for response in (listed, placed):
        assert response.status_code == 401
        assert response.json()["detail"] == "The token has been revoked."
    assert (await refresh(deployed, user.refresh_cookie)).status_code == 401
    assert (
        await deployed.command.http.post("/api/auth/logout", headers=user.bearer)
    ).status_code == 401


async def test_sign_out_needs_a_token(deployed: Deployment) -> None:
    response = await deployed.command.http.post("/api/auth/logout")
    assert response.status_code == 401
    assert problem_type(response) == "unauthenticated"


def _watch(
    deployed: Deployment, token: str, subscribed: threading.Event, verdict: list[object]
) -> None:
    """Opens the dashboard socket, says when it is subscribed, and records how it ends."""
    with live_client(deployed.query.settings) as client:
        with client.websocket_connect(f"/ws/dashboard?token={token}") as socket:
            verdict.append(socket.receive_json().get("type"))
            subscribed.set()
            try:
                verdict.append(socket.receive_json())
            except WebSocketDisconnect as closed:
                verdict.append(closed.code)


async def _socket_outcome(deployed: Deployment, token: str, then) -> list[object]:
    subscribed, verdict = threading.Event(), []
    watching = asyncio.create_task(asyncio.to_thread(_watch, deployed, token, subscribed, verdict))
    assert await asyncio.to_thread(subscribed.wait, 10)
    await then()
    try:
        await asyncio.wait_for(asyncio.shield(watching), 10)
    except TimeoutError:
        await _disable_outright(deployed, token)  # so the socket's thread ends, then fail
        await watching
        raise AssertionError(f"the socket stayed open: {verdict}") from None
    return verdict


async def _disable_outright(deployed: Deployment, token: str) -> None:
    settings = deployed.query.settings
    sub = jwt.decode(token, options={"verify_signature": False})["sub"]
    redis = Redis.from_url(settings.redis_url)
    try:
        revocations = Revocations(redis, settings.redis_prefix)
        await revocations.record_user(sub, 10**9, "customer", disabled=True)
    finally:
        await redis.aclose()


async def test_sign_out_closes_an_open_websocket_with_4401(deployed: Deployment) -> None:
    staff: SignedIn = await made_by_admin(deployed, "staff")

    async def sign_out() -> None:
        out = await deployed.command.http.post("/api/auth/logout", headers=staff.bearer)
        assert out.status_code == 204

    assert await _socket_outcome(deployed, staff.access_token, sign_out) == [ADMITTED, 4401]


async def test_disabling_a_user_closes_their_websocket(deployed: Deployment) -> None:
    staff: SignedIn = await made_by_admin(deployed, "staff")
    admin = deployed.command.auth("root", "admin")

    async def disable() -> None:
        path = f"/api/users/{staff.user_id}/disable"
        assert (await deployed.command.http.post(path, headers=admin)).status_code == 200

    assert await _socket_outcome(deployed, staff.access_token, disable) == [ADMITTED, 4401]


async def test_a_websocket_closes_with_4401_when_its_token_expires(deployed: Deployment) -> None:
    token = mint_token(deployed.query.settings, "night-shift", "staff", ttl_seconds=2)

    async def nothing() -> None:
        return None

    assert await _socket_outcome(deployed, token, nothing) == [ADMITTED, 4401]


async def test_a_revoked_token_cannot_open_a_websocket(deployed: Deployment) -> None:
    staff: SignedIn = await made_by_admin(deployed, "staff")
    await deployed.command.http.post("/api/auth/logout", headers=staff.bearer)

    def connect() -> int:
        with live_client(deployed.query.settings) as client:
            with client.websocket_connect(f"/ws/dashboard?token={staff.access_token}") as socket:
                with pytest.raises(WebSocketDisconnect) as closed:
                    socket.receive_json()
        return closed.value.code

    assert await asyncio.to_thread(connect) == 4401
