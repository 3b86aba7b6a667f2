"""The query API (port 8002): read-model queries, read-your-writes waits, live WebSockets,
and the audit endpoints (the one part of the query side that reads the event store)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as redis
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from dinner.bootstrap import open_event_store
from dinner.migrate import sqlalchemy_url
from dinner.privacy.keys import open_key_store
from dinner.privacy.personal_data import EncryptedPersonalData
from dinner.settings import Settings
from dinner.web.app import build_base_app
from dinner.web.readiness import redis_ping
from query_api.audit_deps import AuditSources
from query_api.audit_log import audit_log
from query_api.cursor import CursorCodec
from query_api.lag import ProjectionLag
from query_api.live_hub import LiveHub
from query_api.routes import audit, kitchen, live, menu, orders, stats, voice_orders
from query_api.watcher import ProjectionWatcher

READ_WAIT_SECONDS = 2.0
RECHECK_SECONDS = 0.25


async def database_reachable(app: FastAPI) -> object:
    engine: AsyncEngine = app.state.engine
    async with engine.connect() as connection:
        return (await connection.execute(text("SELECT 1"))).scalar_one()


def read_engine(settings: Settings) -> AsyncEngine:
    """The read-model tables carry no schema; this engine maps them to the configured one."""
    engine = create_async_engine(
        sqlalchemy_url(settings.database_url), pool_size=settings.db_pool_size, pool_pre_ping=True
    )
    return engine.execution_options(schema_translate_map={None: settings.database_schema})


def create_app(
    settings: Settings,
    *,
    read_wait_seconds: float = READ_WAIT_SECONDS,
    recheck_seconds: float = RECHECK_SECONDS,
) -> FastAPI:
    """`read_wait_seconds` bounds a `min_position` read; `recheck_seconds` is how often a
    waiting read looks again without being woken (in case a notification was missed)."""
    settings.refuse_local_secret_in_production()
    lag = ProjectionLag()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The static mount answers 500 for a folder that does not exist yet (no design has
        # been generated), so it exists from the start and a missing file is a plain 404.
        (settings.media_dir / "cakes").mkdir(parents=True, exist_ok=True)
        app.state.engine = engine = read_engine(settings)
        app.state.redis = client = redis.from_url(settings.redis_url)
        app.state.watcher = watcher = ProjectionWatcher(
            settings.database_url, settings.database_schema, fallback_seconds=recheck_seconds
        )
        app.state.live = hub = LiveHub(client)
        app.state.read_wait_seconds = read_wait_seconds
        store = await open_event_store(settings)
        keys = await open_key_store(settings)
        app.state.audit = AuditSources(
            store, audit_log(store, settings.database_schema), EncryptedPersonalData(keys)
        )
        await watcher.start()
        await hub.start()
        await lag.start(engine)
        try:
            yield
        finally:
            await lag.stop()
            await hub.stop()
            await watcher.stop()
            await keys.close()
            await store.close()
            await client.aclose()
            await engine.dispose()

    app = build_base_app(
        settings,
        title="Dinner Service query API",
        lifespan=lifespan,
        ready_checks={"database": database_reachable, "redis": redis_ping},
    )
    app.state.metrics.registry.register(lag)
    app.state.cursors = CursorCodec(settings.jwt_secret)
    for module in (orders, kitchen, stats, menu, voice_orders, live, audit):
        app.include_router(module.router)
    # Generated cake designs (MEDIA_DIR/cakes) are public by their unguessable request id.
    cakes = settings.media_dir / "cakes"
    app.mount("/media/cakes", StaticFiles(directory=cakes, check_dir=False), name="cakes")
    return app


def app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker process."""
    return create_app(Settings())
