"""Tokens an API must refuse: expired, foreign, unsigned, tampered, with missing or bad claims.

Each case differs from a token the test settings accept in one way only (the default issuer,
audience and `kid` of `Settings`), so it is refused for its own reason.
"""

from __future__ import annotations

import base64
import json
import uuid
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import jwt

from dinner.settings import DEFAULT_KID, Settings

OTHER_KEY = "another-secret-0123456789abcdef0123"
ISSUER = Settings().jwt_issuer
AUDIENCE = Settings().jwt_audience


def claims(**overrides: object) -> dict[str, object]:
    """Valid claims for a customer; an override of None drops the claim."""
    now = datetime.now(UTC)
    values: dict[str, object] = {
        "sub": "user-1",
        "role": "customer",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "iss": ISSUER,
        "aud": AUDIENCE,
        "jti": uuid.uuid4().hex,
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def _b64(data: dict[str, object]) -> str:
    raw = json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unsigned(token_claims: dict[str, object]) -> str:
    """`alg: none`: a token with no signature at all."""
    payload = {
        key: int(value.timestamp()) if isinstance(value, datetime) else value
        for key, value in token_claims.items()
    }
    return f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': DEFAULT_KID})}.{_b64(payload)}."


def tampered_role(secret: str) -> str:
    """A customer's genuine signature under a payload rewritten to claim admin."""
    header, _, signature = signed(secret).split(".")
    payload = _b64({**claims(role="admin"), "iat": 4102444000, "exp": 4102444800})
    return f"{header}.{payload}.{signature}"


def signed(secret: str, kid: str | None = DEFAULT_KID, **overrides: object) -> str:
    headers = {} if kid is None else {"kid": kid}
    return jwt.encode(claims(**overrides), secret, algorithm="HS256", headers=headers)


def hs512(secret: str) -> str:
    with warnings.catch_warnings():
        # PyJWT warns that the key is short for SHA-512; the point is the algorithm itself.
        warnings.simplefilter("ignore")
        return jwt.encode(claims(), secret, algorithm="HS512", headers={"kid": DEFAULT_KID})


def refused_tokens(secret: str) -> dict[str, Callable[[], str]]:
    """Each case makes its token when called, so expiry is measured from the request."""
    return {
        "expired": lambda: signed(secret, exp=datetime.now(UTC) - timedelta(seconds=5)),
        "other key": lambda: signed(OTHER_KEY),
        "alg none": lambda: unsigned(claims()),
        "alg HS512": lambda: hs512(secret),
        "missing role": lambda: signed(secret, role=None),
        "forged role value": lambda: signed(secret, role="superuser"),
        "system role": lambda: signed(secret, role="system"),
        "tampered role": lambda: tampered_role(secret),
        "missing sub": lambda: signed(secret, sub=None),
        "empty sub": lambda: signed(secret, sub=""),
        "numeric sub": lambda: signed(secret, sub=42),
        "missing exp": lambda: signed(secret, exp=None),
        "missing iat": lambda: signed(secret, iat=None),
        "missing jti": lambda: signed(secret, jti=None),
        "missing iss": lambda: signed(secret, iss=None),
        "foreign iss": lambda: signed(secret, iss="https://issuer.example"),
        "missing aud": lambda: signed(secret, aud=None),
        "foreign aud": lambda: signed(secret, aud="another-api"),
        "missing kid": lambda: signed(secret, kid=None),
        "unknown kid": lambda: signed(secret, kid="retired"),
        "lives over a day": lambda: signed(
            secret, exp=datetime.now(UTC) + timedelta(days=1, seconds=5)
        ),
        "garbage": lambda: "not.a.jwt",
    }
