"""Who may call what: every route of both APIs against every kind of caller, in one table.

Each cell of `MATRIX` is a test case against the real apps. An outcome is `ok` (anything but
401, 403 or a server error: a 404, 409 or 422 from the domain is still "let in"), `401`,
`403`, or `404` where a customer asks for another customer's order (reads hide what commands
refuse). On the WebSockets 401 and 403 are the close codes 4401 and 4403. A route that either
app registers without a row here fails `test_the_table_covers_every_registered_route`, and
docs/security.md shows the same table (`test_the_docs_show_the_table`).
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import Mount, WebSocketRoute

from api_common.auth import Role
from command_api.app import create_app as create_command_app
from query_api.app import create_app as create_query_app
from tests.security.sockets import ADMITTED, live_client, socket_outcome
from tests.support import apps as support_apps
from tests.support.apps import ApiClient
from tests.support.audio import wav_bytes
from tests.support.audited import Deployment
from tests.support.orders import order_body

CALLERS = ("anonymous", "owner", "other customer", "staff", "admin", "auditor")
ROLE_OF: dict[str, Role] = {
    "owner": "customer", "other customer": "customer",
    "staff": "staff", "admin": "admin", "auditor": "auditor",
}  # fmt: skip
CLOSE_CODES = {"401": "4401", "403": "4403"}

ORDER = order_body()
ITEMS = {"items": [{"menu_item_id": "cake", "quantity": 1}]}
PAYMENT = {"payment_ref": "p", "amount": 1}
REASON = {"reason": "closed"}
COURIER = {"courier": "kim"}
CAKE = {"prompt": "a heart"}
AUDIO = "audio"  # multipart upload of a short WAV
SOUP = {"menu_item_id": "soup", "name": "Soup", "kind": "extra", "price": 5000}
PRICE = {"price": 26_000}
# Made per cell, so no two cells share an account: a new address to sign up with, the
# credentials of an account made just now, a new staff account.
SIGN_UP, SIGN_IN, NEW_USER = "sign up", "sign in", "new user"
ROLE = {"role": "staff"}
PASSWORD = "matrix-password-42"
PUBLIC = "ok  ok  ok  ok  ok  ok "
ADMIN_ONLY = "401 403 403 403 ok  403"


@dataclass(frozen=True)
class Route:
    api: str  # "command" or "query"
    method: str  # an HTTP method, or "WS"
    expected: str  # one outcome per caller, in the order of CALLERS
    path: str  # as the app registers it
    body: Any = None
    query: str = ""

    def outcome_for(self, caller: str) -> str:
        return self.expected.split()[CALLERS.index(caller)]

    @property
    def name(self) -> str:
        return f"{self.api} {self.method} {self.path}"


def _both(method: str, path: str) -> list[Route]:
    return [Route(api, method, PUBLIC, path) for api in ("command", "query")]


C, Q = "command", "query"

MATRIX: list[Route] = [
    *_both("GET", "/health"), *_both("GET", "/ready"), *_both("GET", "/metrics"),
    *_both("GET", "/openapi.json"), *_both("GET", "/docs"),
    *_both("GET", "/docs/oauth2-redirect"), *_both("GET", "/redoc"),
    #                  ano own oth stf adm aud  path, then the body
    Route(C, "POST",  "401 ok  ok  403 403 403", "/api/orders", ORDER),
    Route(C, "POST",  "401 ok  ok  403 403 403", "/api/orders/quote", ITEMS),
    Route(C, "PUT",   "401 ok  403 403 403 403", "/api/orders/{order_id}/items", ITEMS),
    Route(C, "POST",  "401 ok  403 403 403 403", "/api/orders/{order_id}/pay", PAYMENT),
    Route(C, "POST",  "401 ok  403 ok  403 403", "/api/orders/{order_id}/cancel", REASON),
    Route(C, "POST",  "401 ok  403 403 403 403", "/api/orders/{order_id}/cake-design", CAKE),
    Route(C, "POST",  "401 403 403 ok  403 403", "/api/orders/{order_id}/confirm"),
    Route(C, "POST",  "401 403 403 ok  403 403", "/api/orders/{order_id}/reject", REASON),
    Route(C, "POST",  "401 403 403 ok  403 403", "/api/orders/{order_id}/start-cooking"),
    Route(C, "POST",  "401 403 403 ok  403 403", "/api/orders/{order_id}/ready"),
    Route(C, "POST",  "401 403 403 ok  403 403", "/api/orders/{order_id}/dispatch", COURIER),
    Route(C, "POST",  "401 403 403 ok  403 403", "/api/orders/{order_id}/deliver"),
    Route(C, "POST",  "401 ok  ok  403 403 403", "/api/voice-orders", AUDIO),
    Route(C, "POST",  "401 ok  403 403 403 403", "/api/voice-orders/{voice_order_id}/accept"),
    Route(C, "POST",  "401 403 403 403 ok  403", "/api/menu/items", SOUP),
    Route(C, "PATCH", "401 403 403 403 ok  403", "/api/menu/items/{menu_item_id}", PRICE),
    Route(C, "POST",  "401 403 403 403 ok  403", "/api/admin/customers/{customer_id}/forget"),
    Route(C, "POST",  ADMIN_ONLY,                "/api/admin/dead-letters/{queue}/replay"),
    Route(C, "POST",  PUBLIC,                    "/api/auth/signup", SIGN_UP),
    Route(C, "POST",  PUBLIC,                    "/api/auth/login", SIGN_IN),
    Route(C, "POST",  "401 401 401 401 401 401", "/api/auth/refresh"),
    Route(C, "POST",  "401 ok  ok  ok  ok  ok ", "/api/auth/logout"),
    Route(C, "POST",  ADMIN_ONLY,                "/api/users", NEW_USER),
    Route(C, "POST",  ADMIN_ONLY,                "/api/users/{user_id}/role", ROLE),
    Route(C, "POST",  ADMIN_ONLY,                "/api/users/{user_id}/disable"),
    Route(C, "POST",  ADMIN_ONLY,                "/api/users/{user_id}/enable"),
    Route(Q, "GET",   "401 ok  ok  ok  ok  ok ", "/api/orders"),
    Route(Q, "GET",   "401 ok  404 ok  ok  ok ", "/api/orders/{order_id}"),
    Route(Q, "GET",   "401 403 403 ok  ok  403", "/api/kitchen/queue"),
    Route(Q, "GET",   "401 403 403 ok  ok  ok ", "/api/stats/sales"),
    Route(Q, "GET",   PUBLIC,                    "/api/menu"),
    Route(Q, "GET",   "401 ok  404 ok  ok  403", "/api/voice-orders/{voice_order_id}"),
    Route(Q, "GET",   "401 403 403 403 ok  ok ", "/api/audit/streams/{stream_id}"),
    Route(Q, "GET",   "401 403 403 403 ok  ok ", "/api/audit/events"),
    Route(Q, "GET",   "401 403 403 403 ok  ok ", "/api/audit/orders/{order_id}/as-of",
          query="revision=0"),
    Route(Q, "GET",   "401 403 403 403 ok  ok ", "/api/audit/verify"),
    Route(Q, "GET",   PUBLIC,                    "/media/cakes/{path}"),
    Route(Q, "GET",   "401 ok  ok  ok  ok  ok ", "/api/auth/me"),
    Route(Q, "GET",   ADMIN_ONLY,                "/api/users"),
    Route(Q, "GET",   ADMIN_ONLY,                "/api/admin/dead-letters"),
    Route(Q, "GET",   ADMIN_ONLY,                "/api/admin/dead-letters/{queue}"),
    Route(Q, "WS",    "401 ok  403 ok  ok  ok ", "/ws/orders/{order_id}"),
    Route(Q, "WS",    "401 403 403 ok  ok  403", "/ws/dashboard"),
]  # fmt: skip

CELLS = [
    pytest.param(route, caller, id=f"{route.name} as {caller}")
    for route in MATRIX
    for caller in CALLERS
]


@dataclass
class Subjects:
    """The people of one cell, fresh so that no cell sees another's orders."""

    owner: str
    other: str

    def user_id(self, caller: str) -> str:
        return {"owner": self.owner, "other customer": self.other}.get(caller, caller)


async def _submit_voice_order(api: ApiClient, customer: str) -> str:
    files = {"audio": ("order.wav", wav_bytes(), "audio/wav")}
    response = await api.http.post(
        "/api/voice-orders", files=files, headers=api.auth(customer, "customer")
    )
    assert response.status_code == 202, response.text
    return str(response.json()["voice_order_id"])


async def _place_order(api: ApiClient, customer: str) -> str:
    response = await api.http.post(
        "/api/orders", json=ORDER, headers=api.auth(customer, "customer")
    )
    assert response.status_code == 201, response.text
    return str(response.json()["order_id"])


def new_account(role: str = "customer") -> dict[str, str]:
    email = f"matrix-{uuid.uuid4().hex[:12]}@example.com"
    return {"email": email, "password": PASSWORD, "name": "Matrix", "role": role}


async def _new_customer(api: ApiClient) -> dict[str, str]:
    """Made by an admin: sign-ups count against the client address's sign-in limit."""
    account = new_account()
    admin = api.auth("matrix-admin", "admin")
    response = await api.http.post("/api/users", json=account, headers=admin)
    assert response.status_code == 201, response.text
    return account | {"user_id": response.json()["user_id"]}


async def request_body(api: ApiClient, route: Route) -> Any:
    """The route's body, with the accounts a cell needs made for it."""
    if route.body == SIGN_UP:
        return {key: value for key, value in new_account().items() if key != "role"}
    if route.body == SIGN_IN:
        account = await _new_customer(api)
        return {"email": account["email"], "password": PASSWORD}
    if route.body == NEW_USER:
        return new_account("staff")
    return route.body


async def concrete_path(deployed: Deployment, route: Route, subjects: Subjects) -> str:
    """The route's path with real ids: the owner's own order or voice order, projected."""
    path = route.path
    if "{order_id}" in path or "{stream_id}" in path:
        order_id = await _place_order(deployed.command, subjects.owner)
        path = path.replace("{order_id}", order_id).replace("{stream_id}", f"order-{order_id}")
    if "{voice_order_id}" in path:
        voice_order_id = await _submit_voice_order(deployed.command, subjects.owner)
        path = path.replace("{voice_order_id}", voice_order_id)
    path = path.replace("{menu_item_id}", "steak").replace("{path}", "no-such-design.png")
    path = path.replace("{customer_id}", f"gone-{uuid.uuid4().hex[:8]}")
    # No such work queue: an admin is let in and told so (404), and no shared queue is touched.
    path = path.replace("{queue}", "no-such-queue")
    if "{user_id}" in path:
        path = path.replace("{user_id}", (await _new_customer(deployed.command))["user_id"])
    if route.api == "query":
        await deployed.project()
    return f"{path}?{route.query}" if route.query else path


async def http_call(api: ApiClient, route: Route, path: str, caller: str, subjects: Subjects):
    headers = {} if caller == "anonymous" else api.auth(subjects.user_id(caller), ROLE_OF[caller])
    if route.body == AUDIO:
        files = {"audio": ("order.wav", wav_bytes(), "audio/wav")}
        return await api.http.request(route.method, path, files=files, headers=headers)
    body = await request_body(api, route)
    return await api.http.request(route.method, path, json=body, headers=headers)


def assert_outcome(response: httpx.Response, expected: str) -> None:
    status = response.status_code
    if expected == "ok":
        assert status not in (401, 403) and status < 500, response.text
        return
    assert status == int(expected), response.text
    assert response.headers["content-type"] == "application/problem+json"
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")


async def socket_call(deployed: Deployment, path: str, caller: str, subjects: Subjects) -> str:
    settings = deployed.query.settings
    token = None
    if caller != "anonymous":
        token = deployed.query.auth(subjects.user_id(caller), ROLE_OF[caller])["Authorization"]
        token = token.removeprefix("Bearer ")

    def connect() -> str:
        with live_client(settings) as client:
            return socket_outcome(client, path, token)

    return await asyncio.to_thread(connect)


@pytest.mark.parametrize(("route", "caller"), CELLS)
async def test_each_caller_gets_the_tables_answer(
    deployed: Deployment, route: Route, caller: str
) -> None:
    subjects = Subjects(
        owner=f"owner-{uuid.uuid4().hex[:8]}", other=f"other-{uuid.uuid4().hex[:8]}"
    )
    expected = route.outcome_for(caller)
    path = await concrete_path(deployed, route, subjects)
    if route.method == "WS":
        observed = await socket_call(deployed, path, caller, subjects)
        assert observed == (ADMITTED if expected == "ok" else CLOSE_CODES[expected])
        return
    api = deployed.command if route.api == "command" else deployed.query
    response = await http_call(api, route, path, caller, subjects)
    assert_outcome(response, expected)
    if expected == "404":
        # Hidden, not missing: the owner reads the very same path.
        owner = await http_call(api, route, path, "owner", subjects)
        assert owner.status_code == 200, owner.text


def registered_routes(app: FastAPI) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for context in iter_route_contexts(app.routes):
        route, path = context.original_route, context.path_format
        assert path is not None, route
        if isinstance(route, WebSocketRoute):
            found.add(("WS", path))
        elif isinstance(route, Mount):
            found.add(("GET", path))
        else:
            # HEAD is GET without a body; it needs no row of its own.
            found.update((method, path) for method in context.methods or () if method != "HEAD")
    return found


def test_the_table_covers_every_registered_route(tmp_path: Path) -> None:
    settings = support_apps.test_settings("unused", media_dir=tmp_path)
    apps = {"command": create_command_app(settings), "query": create_query_app(settings)}
    for api, app in apps.items():
        tabled = {(route.method, route.path) for route in MATRIX if route.api == api}
        registered = registered_routes(app)
        assert registered - tabled == set(), f"{api} API routes without a row in MATRIX"
        assert tabled - registered == set(), f"rows in MATRIX for routes the {api} API lacks"
    assert all(len(route.expected.split()) == len(CALLERS) for route in MATRIX)


def _shown(route: Route, outcome: str) -> str:
    if outcome == "ok":
        return "✓"
    return CLOSE_CODES[outcome] if route.method == "WS" else outcome


def markdown_table() -> str:
    lines = [
        "| API | method and path | " + " | ".join(CALLERS) + " |",
        "|---|---|" + "---|" * len(CALLERS),
    ]
    for route in MATRIX:
        cells = " | ".join(_shown(route, outcome) for outcome in route.expected.split())
        lines.append(f"| {route.api} | `{route.method} {route.path}` | {cells} |")
    return "\n".join(lines) + "\n"


def test_the_docs_show_the_table() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "security.md").read_text()
    assert markdown_table() in docs, "docs/security.md is out of date; paste:\n" + markdown_table()
