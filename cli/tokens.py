"""`dinner token`: a signed access token for tests, service accounts and operators.

It carries the claims a sign-in's token does (`iss`, `aud`, `jti`, the first key's `kid`); a
subject that is no registered user is fine, a disabled user's token is refused by the APIs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from api_common.auth import ROLES, mint_token
from api_common.tokens import MAX_LIFETIME_SECONDS
from dinner.settings import Settings


def token(
    sub: Annotated[str, typer.Option(help="The subject (user id) the token speaks for.")],
    role: Annotated[str, typer.Option(help="customer, staff, admin or auditor.")],
    ttl: Annotated[
        int, typer.Option(min=1, max=MAX_LIFETIME_SECONDS, help="Seconds until it expires.")
    ] = 3600,
) -> None:
    """Print a JWT signed with the first key of JWT_KEYS (or JWT_SECRET)."""
    if role not in ROLES:
        raise typer.BadParameter(f"role must be one of {', '.join(ROLES)}", param_hint="--role")
    settings = Settings()
    settings.refuse_weak_jwt_keys()
    typer.echo(mint_token(settings, sub, role, ttl_seconds=ttl))
