"""Both real APIs refuse every bad token with a 401 problem and a Bearer challenge.

`tests/integration/api_common/test_web_auth.py` proves the same of the shared auth code on a
small app; this proves the command and query APIs, their middleware and their WebSockets use it.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.security.sockets import live_client, socket_outcome
from tests.support.apps import TEST_SECRET
from tests.support.audited import Deployment
from tests.support.orders import order_body
from tests.support.tokens import refused_tokens

PROBLEM = "application/problem+json"
REFUSED = refused_tokens(TEST_SECRET)


def assert_unauthorised(response, code: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["type"].endswith(f"/{code}")


def test_the_cases_are_forged_with_the_deployments_own_secret(deployed: Deployment) -> None:
    # Otherwise "alg HS512" or "tampered role" would be refused for the wrong reason.
    assert deployed.command.settings.jwt_secret == TEST_SECRET


@pytest.mark.parametrize("case", sorted(REFUSED))
async def test_the_command_api_refuses(deployed: Deployment, case: str) -> None:
    headers = {"Authorization": f"Bearer {REFUSED[case]()}", "Idempotency-Key": f"k-{case}"}
    response = await deployed.command.http.post("/api/orders", json=order_body(), headers=headers)
    assert_unauthorised(response, "invalid-token")


@pytest.mark.parametrize("case", sorted(REFUSED))
async def test_the_query_api_refuses(deployed: Deployment, case: str) -> None:
    headers = {"Authorization": f"Bearer {REFUSED[case]()}"}
    response = await deployed.query.http.get("/api/orders", headers=headers)
    assert_unauthorised(response, "invalid-token")


@pytest.mark.parametrize("api", ["command", "query"])
async def test_no_token_is_a_plain_bearer_challenge(deployed: Deployment, api: str) -> None:
    client = deployed.command if api == "command" else deployed.query
    method, path = ("POST", "/api/orders") if api == "command" else ("GET", "/api/orders")
    response = await client.http.request(method, path, json=order_body())
    assert_unauthorised(response, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("authorization", ["Basic dXNlcjpwdw==", "Bearer", "token abc"])
async def test_a_malformed_header_is_refused_by_both(
    deployed: Deployment, authorization: str
) -> None:
    headers = {"Authorization": authorization}
    placed = await deployed.command.http.post("/api/orders", json=order_body(), headers=headers)
    listed = await deployed.query.http.get("/api/orders", headers=headers)
    for response in (placed, listed):
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["www-authenticate"].startswith("Bearer")


async def test_the_sockets_close_4401_on_every_refused_token(deployed: Deployment) -> None:
    def outcomes() -> dict[str, str]:
        with live_client(deployed.query.settings) as client:
            return {
                case: socket_outcome(client, "/ws/dashboard", make())
                for case, make in REFUSED.items()
            }

    assert await asyncio.to_thread(outcomes) == dict.fromkeys(REFUSED, "4401")
