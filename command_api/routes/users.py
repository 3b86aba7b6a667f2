"""Admins manage accounts: create staff, admin and auditor users, change roles, disable and
enable. Whatever the order of concurrent requests, an enabled admin always remains (409
`last_admin` for the change that would remove the last one)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api_common.auth import AdminPrincipal
from api_common.problem_docs import problem_responses
from command_api.account_bodies import NewUserIn, RoleIn, UserWritten, user_written
from command_api.account_deps import AccountsDep, RevocationsDep, origin, remember
from command_api.deps import Context
from service_layer.accounts import Account, Registration

router = APIRouter(
    prefix="/api/users", tags=["users"], responses=problem_responses(401, 403, 404, 409, 422, 503)
)


async def _written(revoked: RevocationsDep, account: Account) -> UserWritten:
    await remember(revoked, account)
    return user_written(account)


@router.post("", status_code=201)
async def create_user(
    body: NewUserIn,
    principal: AdminPrincipal,
    accounts: AccountsDep,
    revoked: RevocationsDep,
    ctx: Context,
) -> UserWritten:
    registration = Registration(body.email, body.name, body.password, body.role, body.phone)
    account = await accounts.register(registration, ctx.now(), origin(ctx, principal))
    return await _written(revoked, account)


@router.post("/{user_id}/role")
async def change_role(
    user_id: UUID,
    body: RoleIn,
    principal: AdminPrincipal,
    accounts: AccountsDep,
    revoked: RevocationsDep,
    ctx: Context,
) -> UserWritten:
    """The user's tokens of the old role stop working; a refresh gives one of the new."""
    account = await accounts.change_role(user_id, body.role, ctx.now(), origin(ctx, principal))
    return await _written(revoked, account)


@router.post("/{user_id}/disable")
async def disable_user(
    user_id: UUID,
    principal: AdminPrincipal,
    accounts: AccountsDep,
    revoked: RevocationsDep,
    ctx: Context,
) -> UserWritten:
    """At once: the user's tokens are refused, their sessions revoked, their sockets closed."""
    account = await accounts.disable(user_id, ctx.now(), origin(ctx, principal))
    return await _written(revoked, account)


@router.post("/{user_id}/enable")
async def enable_user(
    user_id: UUID,
    principal: AdminPrincipal,
    accounts: AccountsDep,
    revoked: RevocationsDep,
    ctx: Context,
) -> UserWritten:
    account = await accounts.enable(user_id, ctx.now(), origin(ctx, principal))
    return await _written(revoked, account)
