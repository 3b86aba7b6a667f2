"""`dinner token`: a signed development token for trying the APIs by hand."""

from __future__ import annotations

from typing import Annotated

import typer

from dinner.settings import Settings
from dinner.web.auth import ROLES, mint_token


def token(
    sub: Annotated[str, typer.Option(help="The subject (user id) the token speaks for.")],
    role: Annotated[str, typer.Option(help="customer, staff, admin or auditor.")],
    ttl: Annotated[int, typer.Option(help="Seconds until it expires.")] = 3600,
) -> None:
    """Print a JWT signed with JWT_SECRET."""
    if role not in ROLES:
        raise typer.BadParameter(f"role must be one of {', '.join(ROLES)}", param_hint="--role")
    typer.echo(mint_token(Settings(), sub, role, ttl_seconds=ttl))
