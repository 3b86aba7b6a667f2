"""Staff moves an order through the kitchen: confirm or reject, cook, ready, dispatch, deliver."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api_common.auth import StaffPrincipal
from command_api.deps import Context, IfMatch
from command_api.requests import DispatchIn, ReasonIn
from command_api.responses import OrderAccepted
from command_api.routes.common import ORDER_COMMAND_PROBLEMS, handle_order_command
from schemas.commands.order import (
    ConfirmOrder,
    DeliverOrder,
    DispatchOrder,
    MarkOrderReady,
    RejectOrder,
    StartCooking,
)

router = APIRouter(prefix="/api/orders", tags=["kitchen"], responses=ORDER_COMMAND_PROBLEMS)


@router.post("/{order_id}/confirm")
async def confirm(
    order_id: UUID, principal: StaffPrincipal, ctx: Context, if_match: IfMatch, response: Response
) -> OrderAccepted:
    return await handle_order_command(
        ConfirmOrder(order_id=order_id, at=ctx.now()), principal, ctx, if_match, response
    )


@router.post("/{order_id}/reject")
async def reject(
    order_id: UUID,
    body: ReasonIn,
    principal: StaffPrincipal,
    ctx: Context,
    if_match: IfMatch,
    response: Response,
) -> OrderAccepted:
    command = RejectOrder(
        order_id=order_id, reason=body.reason, actor_role=principal.role, at=ctx.now()
    )
    return await handle_order_command(command, principal, ctx, if_match, response)


@router.post("/{order_id}/start-cooking")
async def start_cooking(
    order_id: UUID, principal: StaffPrincipal, ctx: Context, if_match: IfMatch, response: Response
) -> OrderAccepted:
    return await handle_order_command(
        StartCooking(order_id=order_id, at=ctx.now()), principal, ctx, if_match, response
    )


@router.post("/{order_id}/ready")
async def ready(
    order_id: UUID, principal: StaffPrincipal, ctx: Context, if_match: IfMatch, response: Response
) -> OrderAccepted:
    command = MarkOrderReady(order_id=order_id, at=ctx.now())
    return await handle_order_command(command, principal, ctx, if_match, response)


@router.post("/{order_id}/dispatch")
async def dispatch(
    order_id: UUID,
    body: DispatchIn,
    principal: StaffPrincipal,
    ctx: Context,
    if_match: IfMatch,
    response: Response,
) -> OrderAccepted:
    command = DispatchOrder(order_id=order_id, courier=body.courier, at=ctx.now())
    return await handle_order_command(command, principal, ctx, if_match, response)


@router.post("/{order_id}/deliver")
async def deliver(
    order_id: UUID, principal: StaffPrincipal, ctx: Context, if_match: IfMatch, response: Response
) -> OrderAccepted:
    return await handle_order_command(
        DeliverOrder(order_id=order_id, at=ctx.now()), principal, ctx, if_match, response
    )
