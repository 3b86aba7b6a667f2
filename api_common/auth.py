"""Bearer JWT (HS256) authentication and role checks as FastAPI dependencies."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, cast, get_args

import jwt
from fastapi import Depends, Request

from dinner.settings import Settings
from dinner.web.problems import Problem

Role = Literal["customer", "staff", "admin", "auditor"]
ROLES: tuple[Role, ...] = get_args(Role)
ALGORITHM = "HS256"


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: str
    role: Role


def mint_token(settings: Settings, sub: str, role: Role, ttl_seconds: int | None = None) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    now = datetime.now(UTC)
    ttl = settings.jwt_ttl_seconds if ttl_seconds is None else ttl_seconds
    claims = {"sub": sub, "role": role, "iat": now, "exp": now + timedelta(seconds=ttl)}
    return jwt.encode(claims, settings.jwt_secret, algorithm=ALGORITHM)


def _unauthorized(code: str, detail: str, challenge: str = "Bearer") -> Problem:
    return Problem(401, code, detail=detail, headers={"WWW-Authenticate": challenge})


def _invalid(detail: str) -> Problem:
    return _unauthorized("invalid-token", detail, 'Bearer error="invalid_token"')


class _VerifiedTokens:
    """Tokens whose signature was already checked, until they expire.

    Verifying an HS256 signature costs more than the rest of a small request's routing, and a
    client sends the same token on every request. Keyed by secret and token, so a rotated
    secret never honours a token verified under the old one.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self._entries: OrderedDict[tuple[str, str], tuple[Principal, float]] = OrderedDict()
        self._capacity = capacity

    def get(self, secret: str, token: str) -> Principal | None:
        entry = self._entries.get((secret, token))
        if entry is None or entry[1] <= time.time():
            return None
        return entry[0]

    def put(self, secret: str, token: str, principal: Principal, expires_at: float) -> None:
        self._entries[(secret, token)] = (principal, expires_at)
        if len(self._entries) > self._capacity:
            self._entries.popitem(last=False)


_verified = _VerifiedTokens()


def decode_token(settings: Settings, token: str) -> Principal:
    """Verify signature, algorithm, expiry and claims; any failure is a 401 `Problem`."""
    known = _verified.get(settings.jwt_secret, token)
    if known is not None:
        return known
    try:
        claims: dict[str, Any] = jwt.decode(
            token, settings.jwt_secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]}
        )
    except jwt.ExpiredSignatureError:
        raise _invalid("The token has expired.") from None
    except jwt.InvalidTokenError:
        raise _invalid("The token is invalid.") from None
    sub, role = claims.get("sub"), claims.get("role")
    if not isinstance(sub, str) or not sub:
        raise _invalid("The token has no subject.")
    if role not in ROLES:
        raise _invalid("The token has no known role.")
    principal = Principal(user_id=sub, role=cast(Role, role))
    _verified.put(settings.jwt_secret, token, principal, float(claims["exp"]))
    return principal


def principal_from_header(settings: Settings, authorization: str | None) -> Principal:
    if not authorization:
        raise _unauthorized("unauthenticated", "A bearer token is required.")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _invalid("The Authorization header must be 'Bearer <token>'.")
    return decode_token(settings, token.strip())


def principal_or_none(request: Request) -> Principal | None:
    """The caller, for middleware that only acts on authenticated requests; the route itself
    still answers an unauthenticated one with its 401."""
    try:
        return principal_from_header(settings_of(request), request.headers.get("authorization"))
    except Problem:
        return None


def settings_of(request: Request) -> Settings:
    settings = getattr(request.app.state, "settings", None)
    if not isinstance(settings, Settings):
        raise RuntimeError("app.state.settings is not set")
    return settings


def require_roles(*roles: Role) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency admitting an authenticated caller whose role is one of `roles`."""
    allowed = frozenset(roles or ROLES)

    async def dependency(request: Request) -> Principal:
        principal = principal_from_header(
            settings_of(request), request.headers.get("authorization")
        )
        if principal.role not in allowed:
            raise Problem(
                403,
                "forbidden-role",
                detail=f"Role {principal.role!r} may not perform this request.",
                headers={"WWW-Authenticate": 'Bearer error="insufficient_scope"'},
            )
        request.state.principal = principal
        return principal

    return dependency


CurrentPrincipal = Annotated[Principal, Depends(require_roles())]
CustomerPrincipal = Annotated[Principal, Depends(require_roles("customer"))]
StaffPrincipal = Annotated[Principal, Depends(require_roles("staff"))]
AdminPrincipal = Annotated[Principal, Depends(require_roles("admin"))]
AuditorPrincipal = Annotated[Principal, Depends(require_roles("auditor"))]
