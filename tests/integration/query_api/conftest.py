"""The query API on this test's schema, and an engine to write read-model rows with."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from dinner.migrate import sqlalchemy_url
from dinner.settings import Settings
from query_api.app import create_app
from tests.support.apps import ApiClient, delete_redis_prefix, running, test_settings
from tests.support.read_rows import until
from tests.support.services import PG_DSN


@pytest.fixture
async def rows(read_side: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(sqlalchemy_url(PG_DSN), pool_size=2)
    yield engine.execution_options(schema_translate_map={None: read_side})
    await engine.dispose()


@pytest.fixture
async def query_api(read_side: str) -> AsyncIterator[ApiClient]:
    settings = test_settings(read_side)
    async with running(create_app(settings, read_wait_seconds=0.5), settings) as client:
        yield client


@pytest.fixture
async def patient_api(read_side: str) -> AsyncIterator[ApiClient]:
    """Waits up to 5 s and never re-checks on its own: only a notification wakes a read."""
    settings = test_settings(read_side)
    app = create_app(settings, read_wait_seconds=5.0, recheck_seconds=60.0)
    async with running(app, settings) as client:
        await until(lambda: app.state.watcher.connected)
        yield client


@pytest.fixture
async def live_settings(read_side: str) -> AsyncIterator[Settings]:
    """Settings for an app a test starts itself (the WebSocket tests' TestClient)."""
    settings = test_settings(read_side)
    yield settings
    await delete_redis_prefix(settings.redis_url, settings.redis_prefix)
