"""Signing keys that rotate and refuse weak values, and the account commands of `dinner`."""

from __future__ import annotations

import asyncio
import uuid

import jwt
import pytest
from redis.asyncio import Redis
from typer.testing import CliRunner, Result

from api_common.auth import mint_token
from cli import app as cli
from dinner.settings import LOCAL_JWT_SECRET, Settings
from tests.integration.accounts.people import PASSWORD, new_email, sign_in, signed_in
from tests.integration.web_support import client_for, delete_prefix, make_app
from tests.support.apps import TEST_SECRET
from tests.support.audited import Deployment

OLD = "old:" + "o" * 40
NEW = "new:" + "n" * 40


def keyed(prefix: str, *keys: str) -> Settings:
    return Settings(environment="test", jwt_keys=",".join(keys), redis_prefix=prefix)


async def whoami(settings: Settings, redis: Redis, token: str) -> int:
    app, _, _ = make_app(settings, redis)
    async with client_for(app) as client:
        response = await client.get("/whoami", headers={"Authorization": f"Bearer {token}"})
    return response.status_code


async def test_an_old_kid_is_accepted_until_it_is_removed() -> None:
    prefix = f"test-rotation:{uuid.uuid4().hex}:"
    before, rolling, after = keyed(prefix, OLD), keyed(prefix, NEW, OLD), keyed(prefix, NEW)
    redis = Redis.from_url(before.redis_url)
    try:
        signed_before = mint_token(before, "ada", "customer")
        signed_during = mint_token(rolling, "ada", "customer")
        assert jwt.get_unverified_header(signed_during)["kid"] == "new"  # the first key signs
        assert await whoami(rolling, redis, signed_before) == 200
        assert await whoami(rolling, redis, signed_during) == 200
        assert await whoami(after, redis, signed_during) == 200
        assert await whoami(after, redis, signed_before) == 401
    finally:
        await delete_prefix(redis, prefix)
        await redis.aclose()


@pytest.mark.parametrize(
    "keys",
    [
        {"jwt_keys": "k1:too-short"},
        {"jwt_keys": f"k1:{'k' * 40},k2:short"},
        {"jwt_secret": LOCAL_JWT_SECRET},
        {"jwt_secret": "change-me-jwt-secret-at-least-32-bytes-long"},
        {"jwt_keys": "k1:change-me-at-least-32-bytes-of-randomness"},
    ],
)
@pytest.mark.parametrize("environment", ["test", "production"])
def test_outside_local_mode_weak_or_placeholder_keys_are_refused(keys, environment) -> None:
    settings = Settings(environment=environment, **keys)
    with pytest.raises(ValueError, match="JWT_"):
        settings.refuse_local_secret_in_production()


def test_local_mode_works_with_the_defaults_and_jwt_keys_alone_replace_the_secret() -> None:
    Settings(environment="local").refuse_local_secret_in_production()
    keyed_only = Settings(environment="production", jwt_keys=NEW)
    assert keyed_only.jwt_secret == "n" * 40  # the query API's cursors are keyed by it
    keyed_only.refuse_weak_jwt_keys()


@pytest.mark.parametrize("value", ["no-colon", ":secret", "kid:", f"a:{'x' * 40},a:{'y' * 40}"])
def test_malformed_jwt_keys_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="JWT_KEYS"):
        Settings(jwt_keys=value)


async def run(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, cli, list(args), input=stdin, env=env)


async def test_dinner_token_carries_the_same_claims_and_a_disabled_users_is_refused(
    deployed: Deployment,
) -> None:
    env = {**deployed.env(), "JWT_SECRET": TEST_SECRET}
    unregistered = await run(env, "token", "--sub", "kitchen-robot", "--role", "staff")
    assert unregistered.exit_code == 0, unregistered.output
    token = unregistered.stdout.strip()
    claims = jwt.decode(token, TEST_SECRET, algorithms=["HS256"], audience="dinner-api")
    assert {"sub", "role", "iss", "aud", "iat", "exp", "jti"} <= set(claims)
    kitchen = await deployed.query.http.get(
        "/api/kitchen/queue", headers={"Authorization": f"Bearer {token}"}
    )
    assert kitchen.status_code == 200

    email = new_email()
    await deployed.command.http.post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD, "name": "Ada"}
    )
    user = await signed_in(deployed.command, email)
    minted = await run(env, "token", "--sub", user.user_id, "--role", "customer")
    bearer = {"Authorization": f"Bearer {minted.stdout.strip()}"}
    assert (await deployed.query.http.get("/api/orders", headers=bearer)).status_code == 200
    admin = deployed.command.auth("root", "admin")
    await deployed.command.http.post(f"/api/users/{user.user_id}/disable", headers=admin)
    refused = await deployed.query.http.get("/api/orders", headers=bearer)
    assert refused.status_code == 401 and refused.json()["detail"] == "The account is disabled."


async def test_dinner_token_refuses_a_lifetime_over_a_day(deployed: Deployment) -> None:
    env = {**deployed.env(), "JWT_SECRET": TEST_SECRET}
    result = await run(env, "token", "--sub", "x", "--role", "staff", "--ttl", "86401")
    assert result.exit_code != 0


async def test_dinner_users_create_makes_the_first_admin_with_a_password_from_stdin(
    deployed: Deployment,
) -> None:
    email = new_email("first-admin")
    args = ("users", "create", "--email", email, "--role", "admin", "--password-stdin")
    made = await run(deployed.env(), *args, stdin=f"{PASSWORD}\n")
    assert made.exit_code == 0, made.output
    admin = await signed_in(deployed.command, email)
    assert admin.body["user"]["role"] == "admin"
    again = await run(deployed.env(), *args, stdin=f"{PASSWORD}\n")
    assert again.exit_code == 1 and "already registered" in again.output
    weak = await run(
        deployed.env(),
        "users",
        "create",
        "--email",
        new_email(),
        "--role",
        "staff",
        "--password-stdin",
        stdin="short\n",
    )
    assert weak.exit_code == 1


async def test_dinner_users_password_sets_a_new_password_and_ends_the_sessions(
    deployed: Deployment,
) -> None:
    email = new_email()
    await deployed.command.http.post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD, "name": "Ada"}
    )
    user = await signed_in(deployed.command, email)
    new_password = "a-brand-new-passphrase"
    changed = await run(
        deployed.env(),
        "users",
        "password",
        user.user_id,
        "--password-stdin",
        stdin=f"{new_password}\n",
    )
    assert changed.exit_code == 0, changed.output
    assert (await sign_in(deployed.command, email)).status_code == 401
    assert (await sign_in(deployed.command, email, new_password)).status_code == 200
    refreshed = await deployed.command.http.post("/api/auth/refresh", headers=user.cookie())
    assert refreshed.status_code == 401


async def test_dinner_users_demo_makes_one_account_per_role_once_in_local_mode_only(
    deployed: Deployment,
) -> None:
    refused = await run(deployed.env(), "users", "demo")
    assert refused.exit_code == 1 and "local mode only" in refused.output
    local = {**deployed.env(), "ENVIRONMENT": "local"}
    first = await run(local, "users", "demo")
    assert first.exit_code == 0, first.output
    assert (
        first.output.count(" new") == 4 and "http://127.0.0.1:8000/api/auth/login" in first.output
    )
    second = await run(local, "users", "demo")
    assert second.exit_code == 0 and " new" not in second.output
    for role in ("customer", "staff", "admin", "auditor"):
        signed = await signed_in(
            deployed.command, f"{role}@dinner.local", f"dinner-demo-{role}-2026"
        )
        assert signed.body["user"]["role"] == role
