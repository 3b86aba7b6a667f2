"""The shape every single-order command route shares."""

from __future__ import annotations

from fastapi import Response

from command_api.deps import CommandContext
from command_api.responses import OrderAccepted, order_accepted
from dinner.web.auth import Principal
from domain import ORDER
from schemas.commands.order import OrderCommand
from schemas.streams import order_stream


async def handle_order_command(
    command: OrderCommand,
    principal: Principal,
    ctx: CommandContext,
    if_match: int | None,
    response: Response,
) -> OrderAccepted:
    order_id = command.order_id
    outcome = await ctx.handler.handle(
        ORDER, order_stream(order_id), lambda _: command, ctx.metadata(principal),
        if_match=if_match,
    )  # fmt: skip
    response.headers["ETag"] = f'"{outcome.revision}"'
    return order_accepted(order_id, outcome)
