"""Commands per subject, limited in a window shared by every API process through Redis.

Each unsafe request from an authenticated caller counts against the token's `sub`, whatever
the route answers; over `RATE_LIMIT_COMMANDS` within `RATE_LIMIT_WINDOW_SECONDS` it is a 429
with `Retry-After`. A caller without a valid token passes through, and the route answers 401.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api_common.auth import principal_or_none, settings_of
from api_common.problems import Problem, render_problem
from api_common.rate_window import WindowUse, count_hit, window_key

log = logging.getLogger(__name__)


def too_many_commands(limit: int, window_seconds: int, use: WindowUse) -> Problem:
    retry_after = use.retry_after_seconds
    return Problem(
        429,
        "too-many-commands",
        detail=f"At most {limit} commands per {window_seconds} s; retry in {retry_after} s.",
        headers={"Retry-After": str(retry_after)},
        extensions={"limit": limit, "window_seconds": window_seconds},
    )


class CommandRateLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, methods: Collection[str] = ("POST", "PUT", "PATCH", "DELETE")
    ) -> None:
        self.app = app
        self.methods = frozenset(methods)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in self.methods:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        settings = settings_of(request)
        limit, window_seconds = settings.rate_limit_commands, settings.rate_limit_window_seconds
        principal = principal_or_none(request) if limit > 0 else None
        if principal is None:
            await self.app(scope, receive, send)
            return
        key = window_key(settings.redis_prefix, principal.user_id)
        try:
            use = await count_hit(request.app.state.redis, key, window_seconds)
        except (RedisError, OSError) as error:
            # Fail open: the limit guards capacity, not correctness. The event store still
            # enforces every rule, so refusing all commands while the counter is unreachable
            # would turn a Redis outage into an ordering outage for nothing.
            log.warning("command rate limit unavailable, command let through: %r", error)
            await self.app(scope, receive, send)
            return
        if use.used > limit:
            problem = too_many_commands(limit, window_seconds, use)
            await (await render_problem(request, problem))(scope, receive, send)
            return
        await self.app(scope, receive, send)
