"""Accounts as the tests make and use them, through the real APIs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx

from tests.support.apps import ApiClient
from tests.support.audited import Deployment

PASSWORD = "correct-horse-battery-7"
PROBLEM = "application/problem+json"


def new_email(who: str = "user") -> str:
    return f"{who}-{uuid.uuid4().hex[:10]}@example.com"


@dataclass
class SignedIn:
    user_id: str
    email: str
    access_token: str
    refresh_cookie: str
    body: dict

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    def cookie(self) -> dict[str, str]:
        return {"Cookie": f"dinner_refresh={self.refresh_cookie}"}


def refresh_cookie(response: httpx.Response) -> str:
    """The value the response set for `dinner_refresh` (Secure outside local mode, so the
    test client, speaking plain HTTP, would not send it back by itself)."""
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        if name == "dinner_refresh":
            return rest.split(";", 1)[0]
    raise AssertionError(f"no dinner_refresh cookie in {response.headers}")


async def sign_up(
    command: ApiClient, email: str | None = None, password: str = PASSWORD, **extra: str
) -> httpx.Response:
    body = {"email": email or new_email(), "password": password, "name": "Ada Lovelace", **extra}
    return await command.http.post("/api/auth/signup", json=body)


async def sign_in(command: ApiClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await command.http.post("/api/auth/login", json={"email": email, "password": password})


async def signed_up_and_in(command: ApiClient, email: str | None = None) -> SignedIn:
    email = email or new_email()
    signed_up = await sign_up(command, email)
    assert signed_up.status_code == 201, signed_up.text
    return await signed_in(command, email)


async def signed_in(command: ApiClient, email: str, password: str = PASSWORD) -> SignedIn:
    response = await sign_in(command, email, password)
    assert response.status_code == 200, response.text
    body = response.json()
    return SignedIn(
        body["user"]["user_id"], email, body["access_token"], refresh_cookie(response), body
    )


async def made_by_admin(deployed: Deployment, role: str, email: str | None = None) -> SignedIn:
    """An account of `role` made through `POST /api/users`, signed in."""
    email = email or new_email(role)
    body = {"email": email, "password": PASSWORD, "name": f"A {role}", "role": role}
    admin = deployed.command.auth("root", "admin")
    response = await deployed.command.http.post("/api/users", json=body, headers=admin)
    assert response.status_code == 201, response.text
    return await signed_in(deployed.command, email)


def problem_type(response: httpx.Response) -> str:
    assert response.headers["content-type"] == PROBLEM, response.text
    return str(response.json()["type"]).rsplit("/", 1)[-1]
