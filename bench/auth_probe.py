"""A tiny app on the shared HTTP kit for `dinner bench auth`: the same request three ways.

`/raw` takes no token; `/token` checks the bearer token as the APIs did before accounts
(signature, claims, the verified-token cache); `/signed-in` is the real dependency of every
signed-in route: that check and the revocation lookup in Redis. All three answer the same
small body through the same middleware, so their difference is the check alone.

    uvicorn --factory bench.auth_probe:create
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as redis
from fastapi import FastAPI, Request

from api_common.app import build_base_app
from api_common.auth import CurrentPrincipal, principal_from_header, settings_of
from dinner.settings import Settings


def create() -> FastAPI:
    settings = Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.redis = client = redis.from_url(settings.redis_url)
        yield
        await client.aclose()

    app = build_base_app(settings, title="auth probe", lifespan=lifespan)

    @app.get("/raw")
    async def raw() -> dict[str, str]:
        return {"user_id": "anyone"}

    @app.get("/token")
    async def token(request: Request) -> dict[str, str]:
        principal = principal_from_header(
            settings_of(request), request.headers.get("authorization")
        )
        return {"user_id": principal.user_id}

    @app.get("/signed-in")
    async def signed_in(principal: CurrentPrincipal) -> dict[str, str]:
        return {"user_id": principal.user_id}

    return app
