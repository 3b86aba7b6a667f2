"""Signing up, in and out, and refreshing the access token (`GET /api/auth/me` is a read: the
query API's).

A sign-in answers an access token (a JWT of 15 minutes) and sets the refresh token as the
cookie `dinner_refresh`: HttpOnly, SameSite=Strict, only for `/api/auth`, Secure outside local
mode. A refresh rotates it; signing out revokes its family and the access token at once.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Cookie, Request, Response
from redis.exceptions import RedisError

from api_common import tokens
from api_common.auth import CurrentPrincipal, settings_of
from api_common.problem_docs import problem_responses
from api_common.problems import Problem
from api_common.revocation import Revocations
from command_api.account_bodies import SignedIn, SignInIn, SignUpIn, UserOut, user_out
from command_api.account_deps import (
    AccountsDep,
    RevocationsDep,
    origin,
    remember,
    revocations_unavailable,
)
from command_api.deps import Context
from command_api.sign_in_limits import SignInLimits
from dinner.settings import Settings
from service_layer.accounts import Account, Issued, Registration

router = APIRouter(prefix="/api/auth", tags=["auth"])
log = logging.getLogger(__name__)

COOKIE = "dinner_refresh"
COOKIE_PATH = "/api/auth"
RefreshCookie = Annotated[str | None, Cookie(alias=COOKIE)]


def _challenge() -> dict[str, str]:
    return {"WWW-Authenticate": 'Bearer error="invalid_token"'}


def wrong_credentials() -> Problem:
    # One answer for every refusal, so it tells nobody which addresses have accounts.
    detail = "The email or password is wrong, or the account is disabled."
    return Problem(401, "invalid-credentials", detail=detail, headers=_challenge())


def refresh_refused(settings: Settings, detail: str) -> Problem:
    cookie = Response()
    _clear_cookie(cookie, settings)
    headers = {**_challenge(), "Set-Cookie": cookie.headers["set-cookie"]}
    return Problem(401, "invalid-refresh-token", detail=detail, headers=headers)


def _set_cookie(response: Response, settings: Settings, session: Issued) -> None:
    response.set_cookie(
        COOKIE,
        session.token,
        max_age=settings.refresh_ttl_seconds,
        path=COOKIE_PATH,
        secure=settings.environment != "local",
        httponly=True,
        samesite="strict",
    )


def _clear_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE,
        path=COOKIE_PATH,
        secure=settings.environment != "local",
        httponly=True,
        samesite="strict",
    )


def client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


async def _signed_in(
    response: Response, settings: Settings, revoked: Revocations, account: Account, session: Issued
) -> SignedIn:
    await remember(revoked, account)
    access = tokens.issue(settings, str(account.user_id), account.state.role)
    _set_cookie(response, settings, session)
    response.headers["Cache-Control"] = "no-store"
    return SignedIn(
        access_token=access.token, expires_in=settings.jwt_ttl_seconds, user=user_out(account)
    )


@router.post("/signup", status_code=201, responses=problem_responses(409, 422, 429, 503))
async def sign_up(
    body: SignUpIn, request: Request, accounts: AccountsDep, revoked: RevocationsDep, ctx: Context
) -> UserOut:
    """A customer's account. Sign-ups count against the address's sign-in limit: each one
    costs a password hash."""
    limits = SignInLimits(request.app.state.redis, settings_of(request))
    await limits.admit(client_address(request), accounts.sign_in_key(body.email))
    registration = Registration(body.email, body.name, body.password, "customer", body.phone)
    account = await accounts.register(registration, ctx.now(), origin(ctx))
    await remember(revoked, account)
    return user_out(account)


@router.post("/login", responses=problem_responses(401, 422, 429, 503))
async def sign_in(
    body: SignInIn,
    request: Request,
    response: Response,
    accounts: AccountsDep,
    revoked: RevocationsDep,
    ctx: Context,
) -> SignedIn:
    settings = settings_of(request)
    limits = SignInLimits(request.app.state.redis, settings)
    account_key = accounts.sign_in_key(body.email)
    await limits.admit(client_address(request), account_key)
    account = await accounts.authenticate(body.email, body.password, ctx.now())
    if account is None:
        await limits.failed(account_key)
        raise wrong_credentials()
    await limits.succeeded(account_key)
    session = await accounts.sessions.start(account.user_id)
    return await _signed_in(response, settings, revoked, account, session)


@router.post("/refresh", responses=problem_responses(401, 503))
async def refresh(
    request: Request,
    response: Response,
    accounts: AccountsDep,
    revoked: RevocationsDep,
    refresh_token: RefreshCookie = None,
) -> SignedIn:
    """A new access token for the refresh cookie, which rotates. A refresh token that was
    already used revokes its whole family: someone else holds a copy."""
    settings = settings_of(request)
    if not refresh_token:
        raise refresh_refused(settings, "Sign in: there is no refresh token.")
    rotated = await accounts.sessions.rotate(refresh_token)
    if not isinstance(rotated, Issued):
        if rotated.reason == "reused":
            log.warning(
                "a used refresh token of user %s came back: family revoked", rotated.user_id
            )
        raise refresh_refused(settings, f"Sign in again: the refresh token is {rotated.reason}.")
    account = await accounts.user(rotated.user_id)
    if account is None or account.state.disabled:
        await accounts.sessions.revoke_family_of(rotated.token)
        raise refresh_refused(settings, "Sign in again: the account is disabled.")
    return await _signed_in(response, settings, revoked, account, rotated)


@router.post("/logout", status_code=204, responses=problem_responses(401, 503))
async def sign_out(
    principal: CurrentPrincipal,
    request: Request,
    accounts: AccountsDep,
    revoked: RevocationsDep,
    refresh_token: RefreshCookie = None,
) -> Response:
    """Revokes the access token (on both APIs and their open WebSockets) and, with the
    refresh cookie, its whole family."""
    try:
        await revoked.revoke(principal.user_id, principal.jti, principal.expires_at)
    except (RedisError, OSError):
        raise revocations_unavailable() from None
    if refresh_token:
        await accounts.sessions.revoke_family_of(refresh_token)
    response = Response(status_code=204)
    _clear_cookie(response, settings_of(request))
    return response
