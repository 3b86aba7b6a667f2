"""The shape every single-order command route shares."""

from __future__ import annotations

from fastapi import Response

from command_api.deps import CommandContext
from command_api.responses import OrderAccepted, order_accepted
from dinner.web.auth import Principal
from dinner.web.problem_docs import problem_responses
from domain import ORDER
from schemas.commands.order import OrderCommand
from schemas.streams import order_stream

# What a command on an existing order may be refused with (400: an unreadable If-Match).
ORDER_COMMAND_PROBLEMS = problem_responses(400, 401, 403, 404, 409, 412, 422, 503)


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
        if_match=if_match, command_id=ctx.command_id(principal),
    )  # fmt: skip
    response.headers["ETag"] = f'"{outcome.revision}"'
    return order_accepted(order_id, outcome)
