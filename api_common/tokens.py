"""Access tokens: HS256 JWTs with `sub`, `role`, `iss`, `aud`, `iat`, `exp`, `jti` and a `kid`.

New tokens are signed with the first key of JWT_KEYS; a token names its key in the `kid`
header and is checked against that key only, so a key taken out of JWT_KEYS stops every token
it signed at once, and a new first key can be rolled out while the old one still verifies.
A token without a known `kid`, from another issuer or for another audience, living longer
than a day, or lacking any of the claims is refused, whatever its signature says.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import jwt

from dinner.settings import Settings
from schemas.vocabulary import USER_ROLES, UserRole

ALGORITHM: Final = "HS256"
MAX_LIFETIME_SECONDS: Final = 24 * 3600
REQUIRED: Final = ["sub", "role", "iss", "aud", "iat", "exp", "jti"]


@dataclass(frozen=True)
class AccessToken:
    token: str
    jti: str
    expires_at: datetime


@dataclass(frozen=True)
class Claims:
    sub: str
    role: UserRole
    jti: str
    expires_at: float


class TokenRefused(Exception):
    """Why a token was not accepted, in words fit for the 401's detail."""


def issue(
    settings: Settings, sub: str, role: UserRole, ttl_seconds: int | None = None
) -> AccessToken:
    if role not in USER_ROLES:
        raise ValueError(f"unknown role {role!r}")
    kid, secret = settings.jwt_signing_keys()[0]
    now = datetime.now(UTC)
    expires_at = now + timedelta(
        seconds=settings.jwt_ttl_seconds if ttl_seconds is None else ttl_seconds
    )
    jti = uuid.uuid4().hex
    claims = {
        "sub": sub,
        "role": role,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": expires_at,
        "jti": jti,
    }
    token = jwt.encode(claims, secret, algorithm=ALGORITHM, headers={"kid": kid})
    return AccessToken(token, jti, expires_at)


def verify(settings: Settings, token: str) -> Claims:
    """The token's claims; raises TokenRefused for anything this API does not accept."""
    try:
        secret = _key_of(settings, jwt.get_unverified_header(token))
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": REQUIRED},
        )
    except jwt.ExpiredSignatureError:
        raise TokenRefused("The token has expired.") from None
    except (jwt.InvalidAudienceError, jwt.InvalidIssuerError):
        raise TokenRefused("The token was issued by or for someone else.") from None
    except jwt.InvalidTokenError:
        raise TokenRefused("The token is invalid.") from None
    return _checked(claims)


def _key_of(settings: Settings, header: dict[str, Any]) -> str:
    kid = header.get("kid")
    secret = dict(settings.jwt_signing_keys()).get(kid) if isinstance(kid, str) else None
    if secret is None:
        raise TokenRefused("The token's signing key is unknown.")
    return secret


def _checked(claims: dict[str, Any]) -> Claims:
    sub, role, jti = claims.get("sub"), claims.get("role"), claims.get("jti")
    if not isinstance(sub, str) or not sub:
        raise TokenRefused("The token has no subject.")
    if role not in USER_ROLES:
        raise TokenRefused("The token has no known role.")
    if not isinstance(jti, str) or not jti:
        raise TokenRefused("The token has no id.")
    issued_at, expires_at = claims.get("iat"), claims.get("exp")
    if not isinstance(issued_at, int | float) or not isinstance(expires_at, int | float):
        raise TokenRefused("The token is invalid.")
    if expires_at - issued_at > MAX_LIFETIME_SECONDS:
        raise TokenRefused("The token lives longer than a day.")
    return Claims(sub, role, jti, float(expires_at))
