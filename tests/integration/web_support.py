"""A tiny app on `build_base_app` for the web tests, and helpers to drive it over ASGI."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, FastAPI, Request, UploadFile
from pydantic import BaseModel
from redis.asyncio import Redis
from starlette.responses import JSONResponse, StreamingResponse

from api_common.app import build_base_app
from api_common.auth import (
    CurrentPrincipal,
    CustomerPrincipal,
    Principal,
    StaffPrincipal,
    mint_token,
    require_roles,
)
from api_common.observability import current_correlation_id
from api_common.problems import Problem
from dinner.settings import Settings

SECRET = "integration-test-secret-" + "0123456789abcdef" * 4
SMALL_LIMIT = 2048
BIG_LIMIT = 16384


def make_settings() -> Settings:
    return Settings(
        environment="test",
        jwt_secret=SECRET,
        redis_prefix=f"test-web:{uuid.uuid4().hex}:",
        max_request_bytes=SMALL_LIMIT,
    )


class OrderIn(BaseModel):
    item: str
    quantity: int


class Gate:
    """Lets a test hold a handler mid-flight."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()
        self.release = asyncio.Event()


def _router(calls: Counter[str], gate: Gate) -> APIRouter:
    router = APIRouter()

    @router.get("/whoami")
    async def whoami(principal: CurrentPrincipal) -> dict[str, str]:
        return {"user_id": principal.user_id, "role": principal.role}

    @router.get("/staff-only")
    async def staff_only(principal: StaffPrincipal) -> dict[str, str]:
        return {"role": principal.role}

    @router.get("/oversight")
    async def oversight(
        principal: Annotated[Principal, Depends(require_roles("admin", "auditor"))],
    ) -> dict[str, str]:
        return {"role": principal.role}

    @router.post("/orders", status_code=201)
    async def place(order: OrderIn, principal: CustomerPrincipal) -> JSONResponse:
        calls["orders"] += 1
        order_id = str(uuid.uuid4())
        body = {"order_id": order_id, "item": order.item, "by": principal.user_id}
        return JSONResponse(body, status_code=201, headers={"Location": f"/orders/{order_id}"})

    @router.post("/slow", status_code=201)
    async def slow(principal: CustomerPrincipal) -> dict[str, int]:
        calls["slow"] += 1
        gate.entered.set()
        await gate.release.wait()
        return {"run": calls["slow"]}

    @router.post("/fail-once", status_code=201)
    async def fail_once(principal: CustomerPrincipal) -> dict[str, int]:
        calls["fail-once"] += 1
        if calls["fail-once"] == 1:
            raise RuntimeError("database exploded: password=hunter2")
        return {"run": calls["fail-once"]}

    @router.post("/refuse")
    async def refuse(principal: CustomerPrincipal) -> None:
        calls["refuse"] += 1
        raise Problem(409, "invalid-transition", detail="Order is already cooking.")

    @router.post("/echo-size")
    async def echo_size(request: Request) -> dict[str, int]:
        calls["echo-size"] += 1
        return {"size": len(await request.body())}

    @router.post("/upload-big/size")
    async def upload_size(request: Request) -> dict[str, int]:
        return {"size": sum([len(chunk) async for chunk in request.stream()])}

    @router.post("/upload-big/audio", status_code=202)
    async def audio(audio: UploadFile, principal: CustomerPrincipal) -> dict[str, object]:
        calls["audio"] += 1
        return {"name": audio.filename, "size": len(await audio.read()), "run": calls["audio"]}

    @router.post("/stream-out")
    async def stream_out(principal: CustomerPrincipal) -> StreamingResponse:
        calls["stream-out"] += 1

        async def chunks() -> AsyncIterator[bytes]:
            for number in range(3):
                yield f"chunk-{number}-run-{calls['stream-out']};".encode()

        return StreamingResponse(chunks(), media_type="text/plain")

    @router.get("/items/{item_id}")
    async def item(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    @router.get("/correlation")
    async def correlation(request: Request) -> dict[str, str | None]:
        return {"state": request.state.correlation_id, "context": current_correlation_id()}

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    return router


def make_app(settings: Settings, redis: Redis) -> tuple[FastAPI, Counter[str], Gate]:
    app = build_base_app(
        settings,
        title="web test",
        idempotency=True,
        body_limits={"/upload-big": BIG_LIMIT},
    )
    app.state.redis = redis
    calls: Counter[str] = Counter()
    gate = Gate()
    app.include_router(_router(calls, gate))
    return app, calls, gate


@asynccontextmanager
async def client_for(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://web.test") as client:
        yield client


@dataclass
class Harness:
    settings: Settings
    redis: Redis
    app: FastAPI
    calls: Counter[str]
    gate: Gate
    client: httpx.AsyncClient

    def auth(self, sub: str = "user-1", role: str = "customer") -> dict[str, str]:
        return bearer(self.settings, sub, role)


@asynccontextmanager
async def harness() -> AsyncIterator[Harness]:
    """The test app on a real Redis, under a prefix of its own that is deleted afterwards."""
    settings = make_settings()
    redis = Redis.from_url(settings.redis_url)
    app, calls, gate = make_app(settings, redis)
    try:
        async with client_for(app) as client:
            yield Harness(settings, redis, app, calls, gate, client)
    finally:
        await delete_prefix(redis, settings.redis_prefix)
        await redis.aclose()


def bearer(settings: Settings, sub: str = "user-1", role: str = "customer") -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(settings, sub, role)}"}  # type: ignore[arg-type]


async def delete_prefix(redis: Redis, prefix: str) -> None:
    keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
    if keys:
        await redis.delete(*keys)
