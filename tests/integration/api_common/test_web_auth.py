"""Bearer JWT checks: every refused token is a 401 problem, a wrong role a 403."""

from __future__ import annotations

import jwt
import pytest

from api_common.auth import ROLES, mint_token
from tests.integration.web_support import SECRET, harness
from tests.support.tokens import refused_tokens

PROBLEM = "application/problem+json"


@pytest.fixture
async def web():
    async with harness() as h:
        yield h


async def _whoami(web, authorization: str | None):
    headers = {} if authorization is None else {"Authorization": authorization}
    return await web.client.get("/whoami", headers=headers)


async def test_valid_token_names_the_principal(web):
    response = await web.client.get("/whoami", headers=web.auth("user-7", "staff"))
    assert response.status_code == 200
    assert response.json() == {"user_id": "user-7", "role": "staff"}


async def test_minted_token_carries_sub_role_iss_aud_iat_exp_jti_and_kid(web):
    token = mint_token(web.settings, "user-9", "auditor", ttl_seconds=60)
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="dinner-api")
    assert claims["sub"] == "user-9" and claims["role"] == "auditor"
    assert claims["iss"] == "dinner-service" and claims["aud"] == "dinner-api"
    assert claims["exp"] - claims["iat"] == 60 and len(claims["jti"]) == 32
    assert jwt.get_unverified_header(token)["kid"] == "default"


async def test_missing_header_is_401_with_bearer_challenge(web):
    response = await _whoami(web, None)
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["type"].endswith("/unauthenticated")


REFUSED = refused_tokens(SECRET)


@pytest.mark.parametrize("case", sorted(REFUSED))
async def test_refused_tokens_are_401_problems(web, case):
    response = await _whoami(web, f"Bearer {REFUSED[case]()}")
    assert response.status_code == 401, case
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["type"].endswith("/invalid-token")


@pytest.mark.parametrize("authorization", ["Basic dXNlcjpwdw==", "Bearer", "Bearer   ", "token"])
async def test_malformed_header_is_401(web, authorization):
    response = await _whoami(web, authorization)
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM


async def test_expired_token_says_so(web):
    token = mint_token(web.settings, "user-1", "customer", ttl_seconds=-10)
    response = await _whoami(web, f"Bearer {token}")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


ALLOWED: dict[str, set[str]] = {
    "/whoami": set(ROLES),
    "/staff-only": {"staff"},
    "/oversight": {"admin", "auditor"},
}


@pytest.mark.parametrize("path", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
async def test_role_matrix(web, path, role):
    response = await web.client.get(path, headers=web.auth("user-1", role))
    if role in ALLOWED[path]:
        assert response.status_code == 200
        return
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/forbidden-role")


@pytest.mark.parametrize("path", sorted(ALLOWED))
async def test_every_protected_route_is_401_without_token(web, path):
    assert (await web.client.get(path)).status_code == 401
