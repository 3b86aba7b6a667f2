"""The query API (port 8002): read-model queries, read-your-writes waits, live WebSockets,
and the audit endpoints (the one part of the query side that reads the event store)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api_common.app import build_base_app
from api_common.readiness import redis_ping
from bootstrap import Needs, open_services
from dinner.settings import Settings
from query_api.audit_deps import AuditSources
from query_api.audit_log import audit_log
from query_api.cursor import CursorCodec
from query_api.lag import ProjectionLag
from query_api.live_hub import LiveHub
from query_api.routes import (
    audit,
    auth,
    dead_letters,
    kitchen,
    live,
    menu,
    orders,
    stats,
    users,
    voice_orders,
)
from query_api.watcher import ProjectionWatcher

READ_WAIT_SECONDS = 2.0
RECHECK_SECONDS = 0.25
# The read models, Redis (cache and live updates), and the event store and keys for audits.
NEEDS = Needs.SQL | Needs.REDIS | Needs.EVENT_STORE | Needs.KEYS


async def database_reachable(app: FastAPI) -> object:
    engine: AsyncEngine = app.state.engine
    async with engine.connect() as connection:
        return (await connection.execute(text("SELECT 1"))).scalar_one()


def read_side(engine: AsyncEngine, schema: str) -> AsyncEngine:
    """The read-model tables carry no schema; this maps them to the configured one."""
    return engine.execution_options(schema_translate_map={None: schema})


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
        async with open_services(settings, NEEDS) as services:
            app.state.engine = engine = read_side(services.sql, settings.database_schema)
            app.state.redis = services.redis
            app.state.watcher = watcher = ProjectionWatcher(
                settings.database_url, settings.database_schema, fallback_seconds=recheck_seconds
            )
            app.state.live = hub = LiveHub(services.redis)
            app.state.read_wait_seconds = read_wait_seconds
            store = services.store
            app.state.audit = AuditSources(
                store, audit_log(store, settings.database_schema), services.personal
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

    app = build_base_app(
        settings,
        title="Dinner Service query API",
        lifespan=lifespan,
        ready_checks={"database": database_reachable, "redis": redis_ping},
    )
    app.state.metrics.registry.register(lag)
    app.state.cursors = CursorCodec(settings.jwt_secret)
    routers = (orders, kitchen, stats, menu, voice_orders, live, audit, auth, users, dead_letters)
    for module in routers:
        app.include_router(module.router)
    # Generated cake designs (MEDIA_DIR/cakes) are public by their unguessable request id.
    cakes = settings.media_dir / "cakes"
    app.mount("/media/cakes", StaticFiles(directory=cakes, check_dir=False), name="cakes")
    return app


def app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker process."""
    return create_app(Settings())
