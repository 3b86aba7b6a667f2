"""Bearer JWT authentication and role checks as FastAPI dependencies.

A request is let in when its token verifies (`api_common.tokens`: key by `kid`, issuer,
audience, lifetime, claims) and Redis says nothing against it (`api_common.revocation`: not
signed out, the account neither disabled nor of another role now).

Without Redis the second check cannot be made, and the token is let in on the first alone,
with a warning: as with the command rate limit, a Redis outage must not become an outage of
every signed-in request. What it costs is bounded: an access token lives 15 minutes, and
signing in, refreshing and signing out need Redis and answer 503 meanwhile.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import Depends, Request
from redis.exceptions import RedisError

from api_common import tokens
from api_common.problems import Problem
from api_common.revocation import Revocations
from dinner.settings import Settings
from schemas.vocabulary import USER_ROLES, UserRole

log = logging.getLogger(__name__)

# A token names a person's role; "system" belongs to processes and is never in one.
Role = UserRole
ROLES = USER_ROLES
ALGORITHM = tokens.ALGORITHM


@dataclass(frozen=True, slots=True)
class Principal:
    """`jti` and `expires_at` are the token's; `registered`: the subject is a registered user."""

    user_id: str
    role: Role
    jti: str = ""
    expires_at: float = 0.0
    registered: bool = False


def mint_token(settings: Settings, sub: str, role: Role, ttl_seconds: int | None = None) -> str:
    """A signed access token for `sub` (see `api_common.tokens.issue`)."""
    return tokens.issue(settings, sub, role, ttl_seconds).token


def _unauthorized(code: str, detail: str, challenge: str = "Bearer") -> Problem:
    return Problem(401, code, detail=detail, headers={"WWW-Authenticate": challenge})


def invalid_token(detail: str) -> Problem:
    return _unauthorized("invalid-token", detail, 'Bearer error="invalid_token"')


class _VerifiedTokens:
    """Tokens whose signature and claims were already checked, until they expire.

    Verifying an HS256 signature costs more than the rest of a small request's routing, and a
    client sends the same token on every request. Keyed by the verifying settings and the
    token, so a key taken out of JWT_KEYS never honours a token verified under it. Revocation
    is never cached: it is asked of Redis on every request.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self._entries: OrderedDict[tuple[Any, str], Principal] = OrderedDict()
        self._capacity = capacity

    def get(self, verifier: Any, token: str) -> Principal | None:
        entry = self._entries.get((verifier, token))
        if entry is None or entry.expires_at <= time.time():
            return None
        return entry

    def put(self, verifier: Any, token: str, principal: Principal) -> None:
        self._entries[(verifier, token)] = principal
        if len(self._entries) > self._capacity:
            self._entries.popitem(last=False)


_verified = _VerifiedTokens()


def decode_token(settings: Settings, token: str) -> Principal:
    """Verify signature, key, issuer, audience, lifetime and claims; any failure is a 401."""
    verifier = (settings.jwt_signing_keys(), settings.jwt_issuer, settings.jwt_audience)
    known = _verified.get(verifier, token)
    if known is not None:
        return known
    try:
        claims = tokens.verify(settings, token)
    except tokens.TokenRefused as refused:
        raise invalid_token(str(refused)) from None
    principal = Principal(claims.sub, claims.role, claims.jti, claims.expires_at)
    _verified.put(verifier, token, principal)
    return principal


async def admitted(redis: Any, settings: Settings, principal: Principal) -> Principal:
    """The principal, marked registered or not, unless Redis refuses its token (401)."""
    revocations = Revocations(redis, settings.redis_prefix)
    try:
        verdict = await revocations.verdict(principal.user_id, principal.role, principal.jti)
    except (RedisError, OSError) as error:
        log.warning("token revocations unreachable, token let in unchecked: %r", error)
        return principal
    if verdict.refusal is not None:
        raise invalid_token(verdict.refusal)
    return replace(principal, registered=verdict.registered)


def principal_from_header(settings: Settings, authorization: str | None) -> Principal:
    if not authorization:
        raise _unauthorized("unauthenticated", "A bearer token is required.")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise invalid_token("The Authorization header must be 'Bearer <token>'.")
    return decode_token(settings, token.strip())


def principal_or_none(request: Request) -> Principal | None:
    """The caller, for middleware that only acts on authenticated requests; the route itself
    still answers an unauthenticated one with its 401 (and a revoked token too)."""
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
        settings = settings_of(request)
        principal = principal_from_header(settings, request.headers.get("authorization"))
        principal = await admitted(request.app.state.redis, settings, principal)
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
