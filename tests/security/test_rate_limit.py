"""Commands per subject, counted in Redis: over the limit is a 429 with Retry-After.

Each test runs the real command API under a Redis prefix of its own with a small limit and a
one-second window, so the window can be seen to free without waiting a minute.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import redis.asyncio as redis

from api_common.auth import mint_token
from api_common.rate_window import window_key
from command_api.app import create_app
from dinner.settings import Settings
from eventstore.postgres import PostgresEventStore
from service_layer import CommandService
from service_layer.seeding import seed_menu
from tests.support import apps as support_apps
from tests.support.apps import ApiClient, running
from tests.support.orders import order_body

LIMIT = 3
WINDOW_SECONDS = 1
PROBLEM = "application/problem+json"


@pytest.fixture
async def seeded(pg_store: PostgresEventStore) -> PostgresEventStore:
    await seed_menu(CommandService(pg_store), datetime.now(UTC))
    return pg_store


def limited_settings(schema: str, media: Path, **overrides: object) -> Settings:
    limits: dict[str, object] = {
        "rate_limit_commands": LIMIT,
        "rate_limit_window_seconds": WINDOW_SECONDS,
    }
    return support_apps.test_settings(schema, media_dir=media, **{**limits, **overrides})


@pytest.fixture
async def command_api(seeded: PostgresEventStore, pg_schema: str, tmp_path: Path):
    settings = limited_settings(pg_schema, tmp_path)
    async with running(create_app(settings), settings) as client:
        yield client


async def place(api: ApiClient, subject: str, **headers: str) -> httpx.Response:
    return await api.http.post(
        "/api/orders", json=order_body(), headers={**api.auth(subject, "customer"), **headers}
    )


async def use_up(api: ApiClient, subject: str) -> None:
    for _ in range(LIMIT):
        assert (await place(api, subject)).status_code == 201


async def order_count(store: PostgresEventStore, schema: str) -> int:
    sql = f"SELECT count(*) FROM \"{schema}\".events WHERE type = 'OrderPlaced'"
    return int(await store.pool.fetchval(sql))


async def first_accepted(api: ApiClient, subject: str, timeout: float) -> float:
    """Seconds until a command from `subject` is let through again."""
    started = time.monotonic()
    async with asyncio.timeout(timeout):
        while (await place(api, subject)).status_code == 429:
            await asyncio.sleep(0.05)
    return time.monotonic() - started


async def test_over_the_limit_is_a_429_problem_with_retry_after(
    command_api: ApiClient, seeded: PostgresEventStore, pg_schema: str
) -> None:
    await use_up(command_api, "alice")
    refused = await place(command_api, "alice")
    assert refused.status_code == 429
    assert refused.headers["content-type"] == PROBLEM
    assert 1 <= int(refused.headers["retry-after"]) <= WINDOW_SECONDS
    body = refused.json()
    assert body["type"].endswith("/too-many-commands")
    assert body["limit"] == LIMIT and body["window_seconds"] == WINDOW_SECONDS
    assert await order_count(seeded, pg_schema) == LIMIT  # the refused command never ran
    assert (await command_api.http.get("/health")).status_code == 200  # reads are not counted


async def test_every_kind_of_command_counts_whatever_its_answer(command_api: ApiClient) -> None:
    staff = command_api.auth("sam", "staff")
    missing = "/api/orders/00000000-0000-0000-0000-000000000000"
    answers = [
        (await command_api.http.post(f"{missing}/confirm", headers=staff)).status_code,
        (await command_api.http.post(f"{missing}/dispatch", json={}, headers=staff)).status_code,
        (await command_api.http.post("/api/orders", json={}, headers=staff)).status_code,
    ]
    assert answers == [404, 422, 403]
    assert (await command_api.http.post(f"{missing}/confirm", headers=staff)).status_code == 429


async def test_subjects_are_counted_apart(command_api: ApiClient) -> None:
    await use_up(command_api, "alice")
    assert (await place(command_api, "alice")).status_code == 429
    assert (await place(command_api, "bob")).status_code == 201
    # The same subject under another role is the same caller.
    staff_alice = command_api.auth("alice", "staff")
    confirm = "/api/orders/00000000-0000-0000-0000-000000000000/confirm"
    assert (await command_api.http.post(confirm, headers=staff_alice)).status_code == 429


async def test_the_window_frees(command_api: ApiClient) -> None:
    await use_up(command_api, "alice")
    refused = await place(command_api, "alice")
    assert refused.status_code == 429
    waited = await first_accepted(command_api, "alice", timeout=WINDOW_SECONDS + 5)
    assert waited <= int(refused.headers["retry-after"]) + 0.5


async def test_requests_without_a_valid_token_are_not_counted(command_api: ApiClient) -> None:
    for _ in range(LIMIT + 2):
        anonymous = await command_api.http.post("/api/orders", json=order_body())
        assert anonymous.status_code == 401
    client = redis.from_url(command_api.settings.redis_url)
    try:
        assert await client.keys(f"{command_api.settings.redis_prefix}ratelimit:*") == []
    finally:
        await client.aclose()
    await use_up(command_api, "alice")


async def window_gone(api: ApiClient, subject: str, timeout: float) -> None:
    key = window_key(api.settings.redis_prefix, subject)
    client = redis.from_url(api.settings.redis_url)
    try:
        async with asyncio.timeout(timeout):
            while await client.exists(key):
                await asyncio.sleep(0.05)
    finally:
        await client.aclose()


async def test_a_429_is_not_kept_as_the_idempotent_answer(command_api: ApiClient) -> None:
    await use_up(command_api, "alice")
    key = {"Idempotency-Key": "order-after-limit"}
    assert (await place(command_api, "alice", **key)).status_code == 429
    await window_gone(command_api, "alice", timeout=WINDOW_SECONDS + 5)
    retried = await place(command_api, "alice", **key)
    assert retried.status_code == 201
    assert "idempotent-replayed" not in retried.headers


async def test_processes_share_one_count(
    seeded: PostgresEventStore, pg_schema: str, tmp_path: Path
) -> None:
    settings = limited_settings(pg_schema, tmp_path, rate_limit_window_seconds=30)
    async with (
        running(create_app(settings), settings) as first,
        running(create_app(settings), settings) as second,
    ):
        assert (await place(first, "alice")).status_code == 201
        assert (await place(second, "alice")).status_code == 201
        assert (await place(first, "alice")).status_code == 201
        assert (await place(second, "alice")).status_code == 429


@asynccontextmanager
async def without_redis(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app with nothing listening at its Redis address (`running` would clean up there)."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def test_with_redis_down_commands_go_through_with_a_warning(
    seeded: PostgresEventStore,
    pg_schema: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = limited_settings(pg_schema, tmp_path, redis_url="redis://127.0.0.1:1/0")
    caplog.set_level(logging.WARNING, logger="api_common.rate_limit")
    alice = {"Authorization": f"Bearer {mint_token(settings, 'alice', 'customer')}"}
    async with without_redis(settings) as http:
        for _ in range(LIMIT + 1):
            placed = await http.post("/api/orders", json=order_body(), headers=alice)
            assert placed.status_code == 201, placed.text
    assert await order_count(seeded, pg_schema) == LIMIT + 1
    warnings = [r for r in caplog.records if r.name == "api_common.rate_limit"]
    assert len(warnings) == LIMIT + 1
    assert all(r.levelno == logging.WARNING for r in warnings)
