"""Admins manage the menu; every change is an event on the `menu` stream."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from api_common.auth import AdminPrincipal
from api_common.problem_docs import problem_responses
from api_common.text import NO_NUL
from command_api.deps import Context, IfMatch
from command_api.requests import AddMenuItemIn, ChangeMenuItemIn
from command_api.responses import MenuItemWritten
from schemas.commands.menu import AddMenuItem, ChangeMenuItem

router = APIRouter(
    prefix="/api/menu/items",
    tags=["menu"],
    responses=problem_responses(400, 401, 403, 404, 409, 412, 422, 503),
)


@router.post("", status_code=201)
async def add_item(
    body: AddMenuItemIn, principal: AdminPrincipal, ctx: Context, response: Response
) -> MenuItemWritten:
    command = AddMenuItem(
        menu_item_id=body.menu_item_id,
        name=body.name,
        kind=body.kind,
        price=body.price,
        available=body.available,
        serving_styles=tuple(body.serving_styles),
        description=body.description,
        at=ctx.now(),
    )
    result = await ctx.commands.handle(command, ctx.command_context(principal, idempotent=False))
    response.headers["Location"] = f"/api/menu/items/{body.menu_item_id}"
    return MenuItemWritten(
        menu_item_id=body.menu_item_id, revision=result.revision, position=result.position
    )


@router.patch("/{menu_item_id}")
async def change_item(
    menu_item_id: Annotated[str, Path(pattern=NO_NUL)],
    body: ChangeMenuItemIn,
    principal: AdminPrincipal,
    ctx: Context,
    if_match: IfMatch,
) -> MenuItemWritten:
    command = ChangeMenuItem(
        menu_item_id=menu_item_id,
        price=body.price,
        available=body.available,
        name=body.name,
        at=ctx.now(),
    )
    context = ctx.command_context(principal, if_match=if_match, idempotent=False)
    result = await ctx.commands.handle(command, context)
    return MenuItemWritten(
        menu_item_id=menu_item_id, revision=result.revision, position=result.position
    )
