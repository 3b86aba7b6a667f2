"""The command API (port 8000): routes → command handlers → domain → event store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api_common.app import build_base_app
from api_common.readiness import redis_ping
from bootstrap import Needs, open_services
from command_api.audio import MAX_AUDIO_BYTES
from command_api.errors import install_command_error_handlers
from command_api.routes import (
    admin,
    auth,
    dead_letters,
    kitchen,
    menu,
    orders,
    users,
    voice_orders,
)
from dinner.clock import Clock, SystemClock
from dinner.settings import Settings
from service_layer.accounts import open_accounts

# Room for the multipart envelope around the largest accepted audio file.
VOICE_UPLOAD_LIMIT = MAX_AUDIO_BYTES + 64 * 1024


async def event_store_reachable(app: FastAPI) -> object:
    return await app.state.store.head_position()


def create_app(settings: Settings, clock: Clock | None = None) -> FastAPI:
    settings.refuse_local_secret_in_production()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # SQL: the read side, for re-projecting a forgotten customer's rows, and the accounts'
        # tables (email index, sessions, the admins' lock).
        needs = Needs.COMMANDS | Needs.FORGETTING | Needs.REDIS
        async with open_services(settings, needs, sql_pool_size=4) as services:
            app.state.store = services.store
            app.state.redis = services.redis
            app.state.clock = clock or SystemClock()
            app.state.commands = services.commands
            app.state.forgetting = services.forgetting()
            app.state.accounts = await open_accounts(
                settings, services.commands, services.keys, services.sql
            )
            yield

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
    for module in (orders, kitchen, voice_orders, menu, admin, auth, users, dead_letters):
        app.include_router(module.router)
    return app


def app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker process."""
    return create_app(Settings())
