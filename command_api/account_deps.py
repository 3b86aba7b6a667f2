"""What the account routes share: the accounts service, who a change comes from, and telling
the token checks of both APIs what an account now is."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from redis.exceptions import RedisError

from api_common.auth import Principal, settings_of
from api_common.problems import Problem
from api_common.revocation import Revocations
from command_api.deps import RequestContext
from schemas.envelope import Actor
from service_layer.accounts import Account, Accounts, Origin


def accounts_service(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


def revocations(request: Request) -> Revocations:
    return Revocations(request.app.state.redis, settings_of(request).redis_prefix)


AccountsDep = Annotated[Accounts, Depends(accounts_service)]
RevocationsDep = Annotated[Revocations, Depends(revocations)]


def origin(ctx: RequestContext, principal: Principal | None = None) -> Origin:
    """`principal` None: the user acts for themself."""
    actor = None if principal is None else Actor(user_id=principal.user_id, role=principal.role)
    return Origin(ctx.correlation_id, ctx.causation_id, actor)


def revocations_unavailable() -> Problem:
    return Problem(
        503,
        "auth-unavailable",
        detail="The token checks cannot be told right now: send the request again.",
        headers={"Retry-After": "2"},
    )


async def remember(revoked: Revocations, account: Account) -> None:
    """Tells the token checks the account's role, or that it is disabled. A change already
    stored is answered with a 503 when Redis cannot be told, so the client sends it again (a
    repeat stores nothing new and tells Redis once more)."""
    state = account.state
    try:
        await revoked.record_user(
            str(account.user_id), account.revision, state.role, disabled=state.disabled
        )
    except (RedisError, OSError):
        raise revocations_unavailable() from None
