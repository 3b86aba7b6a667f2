"""The FastAPI app both APIs start from; each adds its routers and its lifespan."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI
from starlette.types import Lifespan

from api_common.idempotency import IdempotencyMiddleware
from api_common.limits import BodySizeLimitMiddleware
from api_common.observability import (
    CorrelationIdMiddleware,
    HttpMetrics,
    MetricsMiddleware,
    ops_router,
)
from api_common.openapi import customise_openapi
from api_common.problems import install_problem_handlers
from api_common.rate_limit import CommandRateLimitMiddleware
from api_common.readiness import ReadinessCheck, readiness_router
from dinner.settings import Settings


def build_base_app(
    settings: Settings,
    *,
    title: str,
    lifespan: Lifespan[FastAPI] | None = None,
    ready_checks: Mapping[str, ReadinessCheck] | None = None,
    body_limits: Mapping[str, int] | None = None,
    idempotency: bool = False,
    rate_limit: bool = False,
) -> FastAPI:
    """Problem handlers, correlation ids, metrics, size limit, and optionally idempotency keys
    and the per-subject command rate limit.

    `app.state.settings` and `app.state.metrics` are set here; the lifespan is expected to put
    the Redis client on `app.state.redis` when idempotency, the rate limit or a Redis readiness
    check is used.
    `body_limits` maps a path prefix to a limit other than `settings.max_request_bytes`.
    """
    settings.refuse_local_secret_in_production()
    app = FastAPI(title=title, lifespan=lifespan)
    app.state.settings = settings
    app.state.metrics = metrics = HttpMetrics()
    install_problem_handlers(app)
    # Each add_middleware wraps the previous ones, so the order below runs inside out:
    # correlation id, metrics, size limit, rate limit, idempotency, then the routes. The rate
    # limit sits outside idempotency so a 429 is never stored as a key's answer and replayed.
    if idempotency:
        app.add_middleware(IdempotencyMiddleware)
    if rate_limit:
        app.add_middleware(CommandRateLimitMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes, overrides=body_limits
    )
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(CorrelationIdMiddleware)
    app.include_router(ops_router(metrics))
    app.include_router(readiness_router(ready_checks))
    # What the middleware answer in place of a route belongs in every operation's document;
    # a body that is not UTF-8 is FastAPI's own 400.
    unsafe = (*((409, 422, 503) if idempotency else ()), *((429,) if rate_limit else ()))
    customise_openapi(app, with_body=(400, 413, 422), unsafe=unsafe)
    return app
