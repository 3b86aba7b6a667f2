"""`GET /ready` built from named async dependency checks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter, FastAPI, Request
from starlette.responses import JSONResponse, Response

from api_common.problem_docs import problem_responses
from api_common.problems import problem_response

# A check passes unless it raises, times out or returns False.
ReadinessCheck = Callable[[FastAPI], Awaitable[object]]

log = logging.getLogger(__name__)


async def redis_ping(app: FastAPI) -> object:
    """A check for the Redis client an app keeps on `app.state.redis`."""
    return await app.state.redis.ping()


async def _run(name: str, check: ReadinessCheck, app: FastAPI, timeout: float) -> str:
    try:
        result = await asyncio.wait_for(check(app), timeout)
    except TimeoutError:
        log.warning("readiness check %s timed out after %.1f s", name, timeout)
        return "timeout"
    except Exception:
        log.warning("readiness check %s failed", name, exc_info=True)
        return "failed"
    return "failed" if result is False else "ok"


def readiness_router(
    checks: Mapping[str, ReadinessCheck] | None = None, *, timeout: float = 2.0
) -> APIRouter:
    """200 `{status: ready, checks}` when every check passes, else 503 problem+json naming them."""
    named = dict(checks or {})
    router = APIRouter(tags=["ops"])

    @router.get("/ready", responses=problem_responses(503))
    async def ready(request: Request) -> Response:
        app: FastAPI = request.app
        outcomes = await asyncio.gather(*(_run(n, c, app, timeout) for n, c in named.items()))
        results = dict(zip(named, outcomes, strict=True))
        failing = [name for name, outcome in results.items() if outcome != "ok"]
        if not failing:
            return JSONResponse({"status": "ready", "checks": results})
        return problem_response(
            503,
            code="not-ready",
            title="Service Unavailable",
            detail="Dependencies unreachable: " + ", ".join(failing),
            instance=request.url.path,
            headers={"Retry-After": "5"},
            extensions={"failing": failing, "checks": results},
        )

    return router
