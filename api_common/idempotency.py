"""`Idempotency-Key` for unsafe methods, as pure ASGI middleware over a Redis record store.

A request carrying the header from an authenticated caller has its body buffered (the size
limit middleware, installed outside this one, bounds it) and fingerprinted. The first such
request reserves the key, runs, and its response is stored unless it is a 5xx or raised; a
repeat with the same fingerprint gets the stored response back. A caller without a valid
token passes through untouched, and the route answers 401.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Collection

from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api_common.auth import Principal, principal_or_none, settings_of
from api_common.idempotency_responses import (
    conflict_problem,
    invalid_key,
    replay_response,
    store_unavailable,
    valid_key,
)
from api_common.idempotency_store import (
    IdempotencyStore,
    Record,
    Reservation,
    StoredResponse,
    record_key,
    request_fingerprint,
)
from api_common.problems import Problem, render_problem

HEADER = "idempotency-key"

log = logging.getLogger(__name__)


async def _read_body(receive: Receive) -> list[Message] | None:
    """The request's body messages, or None when the client went away first."""
    messages: list[Message] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        messages.append(message)
        if not message.get("more_body", False):
            return messages


def _redis_key(request: Request, principal: Principal, key: str) -> str:
    return record_key(settings_of(request).redis_prefix, principal.user_id, key)


async def _reserve(store: IdempotencyStore, key: str, fingerprint: str) -> Reservation | Record:
    try:
        return await store.reserve(key, fingerprint)
    except (RedisError, OSError):
        log.warning("idempotency store unavailable", exc_info=True)
        raise store_unavailable() from None


class IdempotencyMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        methods: Collection[str] = ("POST", "PUT", "PATCH"),
        lock_seconds: int = 60,
        max_stored_bytes: int = 1_048_576,
    ) -> None:
        self.app = app
        self.methods = frozenset(methods)
        self.lock_seconds = lock_seconds
        self.max_stored_bytes = max_stored_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in self.methods:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        key = request.headers.get(HEADER)
        principal = None if key is None else principal_or_none(request)
        if key is None or principal is None:
            await self.app(scope, receive, send)
            return
        if not valid_key(key):
            await (await render_problem(request, invalid_key()))(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            return
        outcome = await self._claim(request, _redis_key(request, principal, key), body)
        if isinstance(outcome, Response):
            await outcome(scope, receive, send)
            return
        await self._run(scope, _replaying(body, receive), send, *outcome)

    async def _claim(
        self, request: Request, redis_key: str, body: list[Message]
    ) -> Response | tuple[IdempotencyStore, Reservation]:
        """The reservation to run under, or the response to give instead of running."""
        settings = settings_of(request)
        store = IdempotencyStore(
            request.app.state.redis,
            ttl_seconds=settings.idempotency_ttl_seconds,
            lock_seconds=self.lock_seconds,
        )
        scope = request.scope
        fingerprint = request_fingerprint(
            scope["method"],
            scope["path"],
            scope["query_string"],
            b"".join(m.get("body", b"") for m in body),
            request.headers.get("content-type"),
        )
        try:
            outcome = await _reserve(store, redis_key, fingerprint)
        except Problem as unavailable:
            return await render_problem(request, unavailable)
        if isinstance(outcome, Reservation):
            return store, outcome
        conflict = conflict_problem(outcome, fingerprint)
        if conflict is not None:
            return await render_problem(request, conflict)
        return replay_response(outcome)

    async def _run(
        self, scope: Scope, receive: Receive, send: Send, store: IdempotencyStore, held: Reservation
    ) -> None:
        status, headers, body = 500, list[tuple[str, str]](), bytearray()
        capture = completed = False

        async def capturing_send(message: Message) -> None:
            nonlocal status, headers, capture, completed
            if message["type"] == "http.response.start":
                status = message["status"]
                capture = status < 500
                headers = [
                    (k.decode("latin-1").lower(), v.decode("latin-1"))
                    for k, v in message.get("headers", [])
                ]
            elif message["type"] == "http.response.body" and capture:
                body.extend(message.get("body", b""))
                capture = len(body) <= self.max_stored_bytes
                if capture and not message.get("more_body", False):
                    # Stored before the last chunk goes out, so a client's prompt retry replays.
                    stored = StoredResponse(status, headers, bytes(body))
                    completed = await _try(store.complete(held, stored))
            await send(message)

        try:
            await self.app(scope, receive, capturing_send)
        finally:
            if not completed:
                await _try(store.release(held))


async def _try(operation: Awaitable[object]) -> bool:
    """Best effort after the handler ran: a Redis failure must not turn its answer into an error."""
    try:
        return bool(await operation)
    except (RedisError, OSError):
        log.warning("idempotency store update failed", exc_info=True)
        return False


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def next_message() -> Message:
        return pending.pop(0) if pending else await receive()

    return next_message
