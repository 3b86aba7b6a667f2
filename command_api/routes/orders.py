"""Customer order commands: place, change items, pay, cancel, ask for a cake design."""

from __future__ import annotations

import uuid
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from api_common.auth import CustomerPrincipal, Principal, require_roles
from command_api.deps import Context, IfMatch
from command_api.requests import CakeDesignIn, ChangeItemsIn, PayIn, PlaceOrderIn, ReasonIn
from command_api.responses import Accepted, OrderAccepted, OrderQuote, order_accepted
from command_api.routes.common import ORDER_COMMAND_PROBLEMS, handle_order_command
from schemas.commands.order import (
    CancelOrder,
    ChangeOrderItems,
    PayOrder,
    PlaceOrder,
    RequestCakeDesign,
)
from schemas.values import Delivery

router = APIRouter(prefix="/api/orders", tags=["orders"], responses=ORDER_COMMAND_PROBLEMS)
CustomerOrStaff = Annotated[Principal, Depends(require_roles("customer", "staff"))]


def etag(response: Response, revision: int) -> None:
    response.headers["ETag"] = f'"{revision}"'


@router.post("", status_code=201)
async def place_order(
    body: PlaceOrderIn, principal: CustomerPrincipal, ctx: Context, response: Response
) -> OrderAccepted:
    command_id = ctx.command_id(principal)
    # Derived from the command when it has an id, so running it again names the same order.
    order_id = uuid.uuid4() if command_id is None else uuid.uuid5(command_id, "order")
    menu = await ctx.commands.menu.current()
    command = PlaceOrder(
        order_id=order_id,
        customer_id=principal.user_id,
        lines=tuple(line.requested() for line in body.items),
        delivery=Delivery(address=body.delivery.address, requested_for=body.delivery.requested_for),
        note=body.note,
        menu=menu,
        at=ctx.now(),
    )
    result = await ctx.commands.handle(command, ctx.command_context(principal))
    response.headers["Location"] = f"/api/orders/{order_id}"
    etag(response, result.revision)
    return order_accepted(order_id, result)


@router.post("/quote")
async def quote(body: ChangeItemsIn, principal: CustomerPrincipal, ctx: Context) -> OrderQuote:
    """The cart's lines priced against the current menu and their total, as placing them
    would record them (a cart shows this before the order is placed); nothing is stored."""
    lines, total = await ctx.commands.quote([line.requested() for line in body.items])
    return OrderQuote(lines=list(lines), total=total)


@router.put("/{order_id}/items")
async def change_items(
    order_id: UUID,
    body: ChangeItemsIn,
    principal: CustomerPrincipal,
    ctx: Context,
    if_match: IfMatch,
    response: Response,
) -> OrderAccepted:
    command = ChangeOrderItems(
        order_id=order_id,
        lines=tuple(line.requested() for line in body.items),
        menu=await ctx.commands.menu.current(),
        actor_id=principal.user_id,
        actor_role=principal.role,
        at=ctx.now(),
    )
    return await handle_order_command(command, principal, ctx, if_match, response)


@router.post("/{order_id}/pay")
async def pay(
    order_id: UUID,
    body: PayIn,
    principal: CustomerPrincipal,
    ctx: Context,
    if_match: IfMatch,
    response: Response,
) -> OrderAccepted:
    command = PayOrder(
        order_id=order_id,
        payment_ref=body.payment_ref,
        amount=body.amount,
        actor_id=principal.user_id,
        actor_role=principal.role,
        at=ctx.now(),
    )
    return await handle_order_command(command, principal, ctx, if_match, response)


@router.post("/{order_id}/cancel")
async def cancel(
    order_id: UUID,
    body: ReasonIn,
    principal: CustomerOrStaff,
    ctx: Context,
    if_match: IfMatch,
    response: Response,
) -> OrderAccepted:
    command = CancelOrder(
        order_id=order_id,
        reason=body.reason,
        actor_id=principal.user_id,
        actor_role=principal.role,
        at=ctx.now(),
    )
    return await handle_order_command(command, principal, ctx, if_match, response)


@router.post("/{order_id}/cake-design", status_code=202)
async def request_cake_design(
    order_id: UUID, body: CakeDesignIn, principal: CustomerPrincipal, ctx: Context
) -> Accepted:
    request_id = uuid.uuid4()
    command = RequestCakeDesign(
        order_id=order_id,
        request_id=request_id,
        prompt=body.prompt,
        actor_id=principal.user_id,
        actor_role=principal.role,
        at=ctx.now(),
    )
    await ctx.commands.handle(command, ctx.command_context(principal, idempotent=False))
    return Accepted(request_id=request_id)
