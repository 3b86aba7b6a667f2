"""No secret, token or personal detail in any log record of a realistic run of both APIs.

In-process, the records are read as emitted, before `dinner.logs.ScrubSecrets` (which the
served processes install) could clean them: the apps must not log these in the first place.
The served processes are then run as deployed, where uvicorn writes lines of its own (a
WebSocket's URL, token included, on accept), and their whole output is scanned.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest
import websockets

from api_common.auth import Role, mint_token
from dinner.logs import ScrubSecrets, scrub
from dinner.settings import Settings
from tests.security.sockets import live_client, socket_outcome
from tests.support.apps import TEST_SECRET, ApiClient
from tests.support.audited import Deployment
from tests.support.processes import environment, spawn, terminate
from tests.support.system import free_port, wait_ready
from tests.support.tokens import OTHER_KEY

ADDRESS = "41 Quiet-gil, Mapo-gu, Seoul 04001"
NOTE = "gate code 4821, leave with the guard"
PAYMENT_REF = "card-4111-1111-1111-1111"
CUSTOMER = "cora"


class Tokens:
    """Every bearer token the run sends, so the scan can look for each."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def keep(self, token: str) -> str:
        self.sent.append(token)
        return token

    def auth(self, api: ApiClient, sub: str, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keep(mint_token(api.settings, sub, role))}"}


async def customer_flow(deployed: Deployment, tokens: Tokens) -> str:
    command = deployed.command
    cora = tokens.auth(command, CUSTOMER, "customer")
    body = {
        "items": [{"menu_item_id": "french_dinner", "quantity": 1, "serving_style": "grand"}],
        "delivery": {"address": ADDRESS, "requested_for": "2026-12-24T19:00:00+09:00"},
        "note": NOTE,
    }
    keyed = {**cora, "Idempotency-Key": "cora-order-1"}
    placed = await command.http.post("/api/orders", json=body, headers=keyed)
    assert placed.status_code == 201, placed.text
    replayed = await command.http.post("/api/orders", json=body, headers=keyed)
    assert replayed.headers["idempotent-replayed"] == "true"
    changed = await command.http.post("/api/orders", json={**body, "note": "other"}, headers=keyed)
    assert changed.status_code == 422
    order = placed.json()
    paid = await command.http.post(
        f"/api/orders/{order['order_id']}/pay",
        json={"payment_ref": PAYMENT_REF, "amount": order["total"]},
        headers={**cora, "Idempotency-Key": "cora-pay-1"},
    )
    assert paid.status_code == 200, paid.text
    twice = await command.http.post(
        f"/api/orders/{order['order_id']}/pay",
        json={"payment_ref": PAYMENT_REF, "amount": order["total"]},
        headers=cora,
    )
    assert twice.status_code == 409
    staff = tokens.auth(command, "sam", "staff")
    for step in ("confirm", "start-cooking"):
        moved = await command.http.post(f"/api/orders/{order['order_id']}/{step}", headers=staff)
        assert moved.status_code == 200, moved.text
    broken = await command.http.post(
        "/api/orders", content=f'{{"delivery": {{"address": "{ADDRESS}"', headers=cora
    )
    assert broken.status_code == 422
    return str(order["order_id"])


async def reads(deployed: Deployment, tokens: Tokens, order_id: str) -> None:
    query = deployed.query
    await deployed.project()
    shown = await query.http.get(
        f"/api/orders/{order_id}", headers=tokens.auth(query, CUSTOMER, "customer")
    )
    assert shown.json()["delivery"]["address"] == ADDRESS  # the run did handle the secret
    auditor = tokens.auth(query, "ada", "auditor")
    for path in (f"/api/audit/streams/order-{order_id}", "/api/audit/events", "/api/audit/verify"):
        assert (await query.http.get(path, headers=auditor)).status_code == 200


def refused_tokens_sent(deployed: Deployment, tokens: Tokens) -> list[dict[str, str]]:
    settings = deployed.command.settings
    now = datetime.now(UTC)
    refused = [
        jwt.encode(
            {"sub": CUSTOMER, "role": "customer", "exp": now + timedelta(minutes=5)},
            OTHER_KEY,
            algorithm="HS256",
        ),
        mint_token(settings, CUSTOMER, "customer", ttl_seconds=-30),
        # A client that confused the signing key with a token.
        settings.jwt_secret,
    ]
    return [{"Authorization": f"Bearer {tokens.keep(token)}"} for token in refused]


async def refusals(deployed: Deployment, tokens: Tokens) -> None:
    for headers in refused_tokens_sent(deployed, tokens):
        placed = await deployed.command.http.post("/api/orders", json={}, headers=headers)
        listed = await deployed.query.http.get("/api/orders", headers=headers)
        assert placed.status_code == listed.status_code == 401


async def live(deployed: Deployment, tokens: Tokens, order_id: str) -> None:
    token = tokens.keep(mint_token(deployed.query.settings, CUSTOMER, "customer"))

    def watch() -> str:
        with live_client(deployed.query.settings) as client:
            return socket_outcome(client, f"/ws/orders/{order_id}", token)

    assert await asyncio.to_thread(watch) == "subscribed"


async def forget(deployed: Deployment, tokens: Tokens) -> None:
    forgotten = await deployed.command.http.post(
        f"/api/admin/customers/{CUSTOMER}/forget",
        headers=tokens.auth(deployed.command, "root", "admin"),
    )
    assert forgotten.status_code == 200, forgotten.text


def logged_text(records: list[logging.LogRecord]) -> str:
    """Each record as a handler would write it, plus everything it carries (args, extras)."""
    formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")
    return "\n".join(f"{formatter.format(record)}\n{vars(record)!r}" for record in records)


def secrets_of(deployed: Deployment, tokens: Tokens) -> dict[str, str]:
    settings = deployed.command.settings
    master_key = settings.privacy_master_key
    found = {
        "JWT_SECRET": settings.jwt_secret,
        "PRIVACY_MASTER_KEY": master_key,
        "PRIVACY_MASTER_KEY bytes": base64.b64decode(master_key).decode("latin-1"),
        "delivery address": ADDRESS,
        "order note": NOTE,
        "payment reference": PAYMENT_REF,
    }
    found.update({f"bearer token {n}": token for n, token in enumerate(tokens.sent)})
    return found


async def test_a_full_run_logs_no_secret(
    deployed: Deployment, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tokens = Tokens()
    order_id = await customer_flow(deployed, tokens)
    await reads(deployed, tokens, order_id)
    await refusals(deployed, tokens)
    await live(deployed, tokens, order_id)
    await forget(deployed, tokens)

    # The test's own HTTP client logs the URLs it calls; only the apps' records are judged.
    records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert records, "the run logged nothing: the scan would prove nothing"
    text = logged_text(records)
    leaked = [name for name, secret in secrets_of(deployed, tokens).items() if secret in text]
    assert leaked == []


@pytest.mark.parametrize(
    "line",
    [
        'INFO uvicorn.access: 10.0.0.1 - "WebSocket /ws/orders/1?token={token}" [accepted]',
        "DEBUG client: GET /ws/dashboard?access_token={token}&x=1",
        "WARNING app: rejected Authorization: Bearer {token}",
        "ERROR app: header was bearer   {token}",
    ],
)
def test_the_scrub_filter_removes_tokens_from_server_lines(line: str) -> None:
    token = jwt.encode({"sub": "u", "role": "staff"}, "k" * 40, algorithm="HS256")
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, line, None, None)
    record.msg = line.replace("{token}", token)
    assert ScrubSecrets().filter(record) is True
    assert token not in record.getMessage() and "[redacted]" in record.getMessage()
    assert token not in scrub(line.replace("{token}", token))


async def served_run(command_url: str, query_url: str, tokens: Tokens, settings: Settings) -> None:
    def bearer(sub: str, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens.keep(mint_token(settings, sub, role))}"}

    body = {
        "items": [{"menu_item_id": "french_dinner", "quantity": 1}],
        "delivery": {"address": ADDRESS, "requested_for": "2026-12-24T19:00:00+09:00"},
        "note": NOTE,
    }
    async with httpx.AsyncClient() as http:
        keyed = {**bearer(CUSTOMER, "customer"), "Idempotency-Key": "served-1"}
        placed = await http.post(f"{command_url}/api/orders", json=body, headers=keyed)
        assert placed.status_code == 201, placed.text
        order = placed.json()
        paid = await http.post(
            f"{command_url}/api/orders/{order['order_id']}/pay",
            json={"payment_ref": PAYMENT_REF, "amount": order["total"]},
            headers=bearer(CUSTOMER, "customer"),
        )
        assert paid.status_code == 200, paid.text
        refused = {"Authorization": f"Bearer {tokens.keep(settings.jwt_secret)}"}
        assert (await http.get(f"{query_url}/api/orders", headers=refused)).status_code == 401
    token = tokens.keep(mint_token(settings, "sam", "staff"))
    socket_url = query_url.replace("http://", "ws://") + f"/ws/dashboard?token={token}"
    async with websockets.connect(socket_url) as socket:
        assert json.loads(await socket.recv())["type"] == "subscribed"


async def test_served_processes_log_no_secret(deployed: Deployment, tmp_path: Path) -> None:
    log = tmp_path / "served.log"
    env = {
        **environment(deployed.schema, "amqp://guest:guest@127.0.0.1:5672/"),
        "JWT_SECRET": TEST_SECRET,
        "MEDIA_DIR": str(deployed.media_dir),
    }
    command_port, query_port = free_port(), free_port()
    children = [
        spawn(["cli", "command-api", "--port", str(command_port)], env, log),
        spawn(["cli", "query-api", "--port", str(query_port)], env, log),
    ]
    command_url, query_url = f"http://127.0.0.1:{command_port}", f"http://127.0.0.1:{query_port}"
    tokens = Tokens()
    try:
        await wait_ready(command_url, log)
        await wait_ready(query_url, log)
        await served_run(command_url, query_url, tokens, deployed.command.settings)
    finally:
        await asyncio.gather(*(terminate(child) for child in children))
    output = log.read_text()
    assert '"WebSocket /ws/dashboard?token=[redacted]"' in output  # uvicorn's line, scrubbed
    leaked = [name for name, secret in secrets_of(deployed, tokens).items() if secret in output]
    assert leaked == []
