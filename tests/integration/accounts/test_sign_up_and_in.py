"""Signing up and in against the running APIs: every answer and every refusal of the issue."""

from __future__ import annotations

import asyncio
import logging
import statistics
import time
import uuid

import jwt
import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from privacy.email_index import EmailIndex
from privacy.master import MasterKeys
from service_layer.accounts import Accounts, Passwords
from tests.integration.accounts.people import (
    PASSWORD,
    new_email,
    problem_type,
    refresh_cookie,
    sign_in,
    sign_up,
    signed_in,
    signed_up_and_in,
)
from tests.support.apps import TEST_SECRET
from tests.support.audited import Deployment, deployment


async def test_a_sign_up_answers_the_new_customer(deployed: Deployment) -> None:
    response = await sign_up(deployed.command, "Ada@Example.com", name="Ada")
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"user_id", "email", "name", "role"}
    assert body["email"] == "ada@example.com" and body["name"] == "Ada"
    assert body["role"] == "customer"
    assert uuid.UUID(body["user_id"])


async def test_a_taken_email_is_409_whatever_its_case(deployed: Deployment) -> None:
    email = new_email()
    assert (await sign_up(deployed.command, email)).status_code == 201
    again = await sign_up(deployed.command, f"  {email.upper()} ")
    assert again.status_code == 409
    assert problem_type(again) == "email_taken"


@pytest.mark.parametrize("email", ["ada", "ada@example", "ada@@example.com", "a da@example.com"])
async def test_a_bad_email_is_422(deployed: Deployment, email: str) -> None:
    response = await sign_up(deployed.command, email)
    assert response.status_code == 422
    assert problem_type(response) == "invalid_email"


@pytest.mark.parametrize("password", ["short-pw", "password1234", "QWERTYUIOP", "aaaaaaaaaaaa"])
async def test_a_weak_password_is_422(deployed: Deployment, password: str) -> None:
    response = await sign_up(deployed.command, password=password)
    assert response.status_code == 422
    assert problem_type(response) == "weak_password"


async def test_concurrent_sign_ups_of_one_address_make_one_account(deployed: Deployment) -> None:
    email = new_email()
    answers = await asyncio.gather(*(sign_up(deployed.command, email) for _ in range(4)))
    assert sorted(r.status_code for r in answers) == [201, 409, 409, 409]
    await deployed.project()
    count = await deployed.store.pool.fetchval(
        f"""SELECT count(*) FROM "{deployed.schema}".events WHERE type = 'UserRegistered'"""
    )
    assert count == 1


async def test_a_reservation_left_by_a_crash_is_taken_by_the_next_sign_up(
    deployed: Deployment,
) -> None:
    # A sign-up killed between reserving the address and appending the registration.
    accounts: Accounts = deployed.command.app.state.accounts
    email, orphan = new_email(), uuid.uuid4()
    engine = deployed.engine.execution_options(schema_translate_map=None)
    settings = deployed.command.settings
    index = await EmailIndex.open(engine, deployed.schema, MasterKeys(*settings.master_keys()))
    assert await index.reserve(email, orphan) == orphan
    assert accounts is not None
    response = await sign_up(deployed.command, email)
    assert response.status_code == 201, response.text
    assert response.json()["user_id"] == str(orphan)
    assert (await sign_up(deployed.command, email)).status_code == 409


async def test_a_sign_in_answers_a_token_and_sets_the_refresh_cookie(deployed: Deployment) -> None:
    email = new_email()
    user_id = (await sign_up(deployed.command, email)).json()["user_id"]
    response = await sign_in(deployed.command, email)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 900
    assert body["user"] == {
        "user_id": user_id,
        "email": email,
        "name": "Ada Lovelace",
        "role": "customer",
    }
    settings = deployed.command.settings
    claims = jwt.decode(
        body["access_token"], TEST_SECRET, algorithms=["HS256"], audience=settings.jwt_audience
    )
    assert claims["sub"] == user_id and claims["role"] == "customer"
    assert claims["iss"] == settings.jwt_issuer and claims["exp"] - claims["iat"] == 900
    assert claims["jti"] and jwt.get_unverified_header(body["access_token"])["kid"] == "default"
    (cookie,) = [c for c in response.headers.get_list("set-cookie") if "dinner_refresh" in c]
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/api/auth", "secure"} <= attributes
    assert refresh_cookie(response)


async def test_the_refresh_cookie_is_not_secure_in_local_mode(
    pg_store, read_side: str, tmp_path
) -> None:
    async with deployment(pg_store, read_side, tmp_path / "media", environment="local") as deployed:
        email = new_email()
        await sign_up(deployed.command, email)
        response = await sign_in(deployed.command, email)
    (cookie,) = [c for c in response.headers.get_list("set-cookie") if "dinner_refresh" in c]
    assert "secure" not in cookie.lower()


async def test_one_401_for_a_wrong_password_an_unknown_email_and_a_disabled_account(
    deployed: Deployment,
) -> None:
    passwords: Passwords = deployed.command.app.state.accounts.passwords
    known, disabled = new_email(), new_email()
    await sign_up(deployed.command, known)
    user = (await sign_up(deployed.command, disabled)).json()["user_id"]
    admin = deployed.command.auth("root", "admin")
    assert (
        await deployed.command.http.post(f"/api/users/{user}/disable", headers=admin)
    ).status_code == 200
    answers = {}
    for case, email, password in [
        ("wrong password", known, "not-the-password-1"),
        ("unknown email", new_email(), PASSWORD),
        ("disabled account", disabled, PASSWORD),
        ("not an email", "nobody", PASSWORD),
    ]:
        checked = passwords.verifications
        response = await sign_in(deployed.command, email, password)
        assert response.status_code == 401, case
        assert response.headers["www-authenticate"].startswith("Bearer")
        # Each refusal checks one password against a hash, known address or not.
        assert passwords.verifications == checked + 1, case
        body = response.json()
        answers[case] = (body["type"], body["detail"])
    assert len(set(answers.values())) == 1, answers


async def test_an_unknown_email_costs_what_a_wrong_password_costs(deployed: Deployment) -> None:
    email = new_email()
    await sign_up(deployed.command, email)

    async def timed(address: str) -> float:
        started = time.perf_counter()
        response = await sign_in(deployed.command, address, "not-the-password-1")
        assert response.status_code == 401
        return time.perf_counter() - started

    wrong = statistics.median([await timed(email) for _ in range(3)])
    unknown = statistics.median([await timed(new_email()) for _ in range(3)])
    # Both are one argon2 verification (~0.2 s); the lookups around it are milliseconds.
    assert 0.5 < unknown / wrong < 2, (unknown, wrong)


async def test_a_sign_in_rehashes_a_password_hashed_with_older_parameters(
    deployed: Deployment,
) -> None:
    accounts: Accounts = deployed.command.app.state.accounts
    current = accounts.passwords
    email = new_email()
    accounts.passwords = Passwords(PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8192),)))
    try:
        await sign_up(deployed.command, email)
    finally:
        accounts.passwords = current
    await signed_in(deployed.command, email)
    await signed_in(deployed.command, email)  # the new hash verifies and needs no rehash
    rehashes = await deployed.store.pool.fetch(
        f"""SELECT data FROM "{deployed.schema}".events WHERE type = 'UserPasswordChanged'"""
    )
    assert len(rehashes) == 1 and rehashes[0]["data"]["rehash"] is True


async def test_sign_ins_are_limited_per_client_address(pg_store, read_side: str, tmp_path) -> None:
    async with deployment(
        pg_store, read_side, tmp_path / "media", sign_in_attempts_per_address=3
    ) as deployed:
        email = new_email()
        await sign_up(deployed.command, email)  # the first attempt of this address
        answers = [await sign_in(deployed.command, email) for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 429]
    assert problem_type(answers[-1]) == "too-many-sign-ins"
    assert 1 <= int(answers[-1].headers["retry-after"]) <= 60


async def test_repeated_failures_lock_the_account_for_a_while_and_say_so(
    deployed: Deployment, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    email = new_email()
    await sign_up(deployed.command, email)
    failures = [await sign_in(deployed.command, email, "not-the-password-1") for _ in range(5)]
    assert [r.status_code for r in failures] == [401] * 5
    locked = await sign_in(deployed.command, email)  # the right password, still refused
    assert locked.status_code == 429
    assert problem_type(locked) == "too-many-sign-ins"
    assert 800 < int(locked.headers["retry-after"]) <= 900
    lockouts = [r for r in caplog.records if "sign-in locked" in r.getMessage()]
    assert len(lockouts) == 1 and email not in caplog.text
    other = new_email()
    await sign_up(deployed.command, other)
    assert (await sign_in(deployed.command, other)).status_code == 200  # only that account


async def test_a_successful_sign_in_clears_the_failures(deployed: Deployment) -> None:
    email = new_email()
    await sign_up(deployed.command, email)
    for _ in range(4):
        await sign_in(deployed.command, email, "not-the-password-1")
    assert (await sign_in(deployed.command, email)).status_code == 200
    for _ in range(4):
        await sign_in(deployed.command, email, "not-the-password-1")
    assert (await sign_in(deployed.command, email)).status_code == 200


async def test_me_answers_the_signed_in_user(deployed: Deployment) -> None:
    user = await signed_up_and_in(deployed.command)
    await deployed.project()
    me = await deployed.query.http.get("/api/auth/me", headers=user.bearer)
    assert me.status_code == 200, me.text
    assert me.json() == {
        "user_id": user.user_id,
        "email": user.email,
        "name": "Ada Lovelace",
        "role": "customer",
    }
    service = await deployed.query.http.get(
        "/api/auth/me", headers=deployed.query.auth("kitchen-robot", "staff")
    )
    assert service.json() == {
        "user_id": "kitchen-robot",
        "email": None,
        "name": None,
        "role": "staff",
    }
