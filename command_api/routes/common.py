"""The shape every single-order command route shares."""

from __future__ import annotations

from fastapi import Response

from api_common.auth import Principal
from api_common.problem_docs import problem_responses
from command_api.deps import RequestContext
from command_api.responses import OrderAccepted, order_accepted
from schemas.commands.order import OrderCommand

# What a command on an existing order may be refused with (400: an unreadable If-Match).
ORDER_COMMAND_PROBLEMS = problem_responses(400, 401, 403, 404, 409, 412, 422, 503)


async def handle_order_command(
    command: OrderCommand,
    principal: Principal,
    ctx: RequestContext,
    if_match: int | None,
    response: Response,
) -> OrderAccepted:
    context = ctx.command_context(principal, if_match=if_match)
    result = await ctx.commands.handle(command, context)
    response.headers["ETag"] = f'"{result.revision}"'
    return order_accepted(command.order_id, result)
