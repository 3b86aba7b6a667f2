"""Admins manage the menu; every change is an event on the `menu` stream."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from command_api.deps import Context, IfMatch
from command_api.requests import AddMenuItemIn, ChangeMenuItemIn
from command_api.responses import MenuItemWritten
from dinner.web.auth import AdminPrincipal
from dinner.web.problem_docs import problem_responses
from dinner.web.text import NO_NUL
from domain import MENU
from schemas.commands.menu import AddMenuItem, ChangeMenuItem
from schemas.streams import MENU_STREAM

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
    outcome = await ctx.handler.handle(
        MENU, MENU_STREAM, lambda _: command, ctx.metadata(principal)
    )
    response.headers["Location"] = f"/api/menu/items/{body.menu_item_id}"
    return MenuItemWritten(
        menu_item_id=body.menu_item_id, revision=outcome.revision, position=outcome.position
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
    outcome = await ctx.handler.handle(
        MENU, MENU_STREAM, lambda _: command, ctx.metadata(principal), if_match=if_match
    )
    return MenuItemWritten(
        menu_item_id=menu_item_id, revision=outcome.revision, position=outcome.position
    )
