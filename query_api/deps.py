"""What the query routes need, as FastAPI dependencies over the app's composition root."""

from __future__ import annotations

from typing import Annotated

import redis.asyncio as redis
from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine

from api_common.auth import Principal, require_roles
from dinner.settings import Settings
from query_api.cursor import CursorCodec
from query_api.watcher import ProjectionWatcher
from schemas.vocabulary import DASHBOARD_ROLES


def read_engine(request: Request) -> AsyncEngine:
    engine: AsyncEngine = request.app.state.engine
    return engine


def redis_client(request: Request) -> redis.Redis:
    client: redis.Redis = request.app.state.redis
    return client


def projection_watcher(request: Request) -> ProjectionWatcher:
    watcher: ProjectionWatcher = request.app.state.watcher
    return watcher


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def cursor_codec(request: Request) -> CursorCodec:
    codec: CursorCodec = request.app.state.cursors
    return codec


def read_wait_seconds(request: Request) -> float:
    """How long a `min_position` read waits for the projection before answering stale."""
    seconds: float = request.app.state.read_wait_seconds
    return seconds


Engine = Annotated[AsyncEngine, Depends(read_engine)]
Redis = Annotated[redis.Redis, Depends(redis_client)]
Watcher = Annotated[ProjectionWatcher, Depends(projection_watcher)]
AppSettings = Annotated[Settings, Depends(app_settings)]
ReadWait = Annotated[float, Depends(read_wait_seconds)]
Cursors = Annotated[CursorCodec, Depends(cursor_codec)]

AnyReader = Annotated[Principal, Depends(require_roles())]
KitchenReader = Annotated[Principal, Depends(require_roles(*DASHBOARD_ROLES))]
SalesReader = Annotated[Principal, Depends(require_roles("staff", "admin", "auditor"))]
VoiceReader = Annotated[Principal, Depends(require_roles("customer", "staff", "admin"))]
