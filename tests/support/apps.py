"""Running the real apps in-process against the real services, one isolated set per test."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import redis.asyncio as redis
from fastapi import FastAPI

from api_common.auth import Role, mint_token
from dinner.settings import Settings
from tests.support.services import PG_DSN, REDIS_URL

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"


def test_settings(schema: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": PG_DSN,
        "event_store_url": PG_DSN,
        "database_schema": schema,
        "redis_url": REDIS_URL,
        "redis_prefix": f"test:{uuid.uuid4().hex[:12]}:",
        "jwt_secret": TEST_SECRET,
        "db_pool_size": 5,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@dataclass
class ApiClient:
    http: httpx.AsyncClient
    settings: Settings
    app: FastAPI

    def auth(self, sub: str, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint_token(self.settings, sub, role)}"}


async def delete_redis_prefix(url: str, prefix: str) -> None:
    client = redis.from_url(url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@asynccontextmanager
async def running(app: FastAPI, settings: Settings) -> AsyncIterator[ApiClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield ApiClient(http, settings, app)
    await delete_redis_prefix(settings.redis_url, settings.redis_prefix)
