"""The command API (port 8000): routes → command handlers → domain → event store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as redis
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

from command_api.audio import MAX_AUDIO_BYTES
from command_api.catalogue import MenuCatalogue
from command_api.errors import install_command_error_handlers
from command_api.handling import CommandHandler
from command_api.routes import admin, kitchen, menu, orders, voice_orders
from dinner.bootstrap import open_event_store
from dinner.clock import Clock, SystemClock
from dinner.migrate import sqlalchemy_url
from dinner.privacy.forget import Forgetting
from dinner.privacy.keys import open_key_store
from dinner.privacy.personal_data import EncryptedPersonalData
from dinner.settings import Settings
from dinner.web.app import build_base_app
from dinner.web.readiness import redis_ping

# Room for the multipart envelope around the largest accepted audio file.
VOICE_UPLOAD_LIMIT = MAX_AUDIO_BYTES + 64 * 1024


async def event_store_reachable(app: FastAPI) -> object:
    return await app.state.store.head_position()


def create_app(settings: Settings, clock: Clock | None = None) -> FastAPI:
    settings.refuse_local_secret_in_production()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = await open_event_store(settings)
        keys = await open_key_store(settings)
        # The read side, for re-projecting a forgotten customer's rows; connects on first use.
        read_side = create_async_engine(sqlalchemy_url(settings.database_url), pool_size=2)
        app.state.store = store
        app.state.redis = redis.from_url(settings.redis_url)
        app.state.clock = clock or SystemClock()
        app.state.commands = CommandHandler(store, EncryptedPersonalData(keys))
        app.state.menu = MenuCatalogue(store)
        app.state.forgetting = Forgetting(
            keys, store, read_side, settings.database_schema, settings.media_dir
        )
        try:
            yield
        finally:
            await app.state.redis.aclose()
            await read_side.dispose()
            await keys.close()
            await store.close()

    app = build_base_app(
        settings,
        title="Dinner Service command API",
        lifespan=lifespan,
        ready_checks={"event_store": event_store_reachable, "redis": redis_ping},
        body_limits={"/api/voice-orders": VOICE_UPLOAD_LIMIT},
        idempotency=True,
        rate_limit=True,
    )
    install_command_error_handlers(app)
    for module in (orders, kitchen, voice_orders, menu, admin):
        app.include_router(module.router)
    return app


def app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker process."""
    return create_app(Settings())
