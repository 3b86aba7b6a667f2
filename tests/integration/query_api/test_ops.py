"""Health, readiness and the projection lag in `/metrics`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from projections.tables import projector_checkpoints
from query_api.app import create_app
from tests.support import apps
from tests.support.read_rows import insert


async def test_ready_checks_the_database_and_redis(query_api: apps.ApiClient) -> None:
    assert (await query_api.http.get("/health")).json() == {"status": "ok"}
    ready = await query_api.http.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_metrics_show_the_projection_checkpoint_and_its_age(
    rows: AsyncEngine, read_side: str
) -> None:
    moved = datetime.now(UTC) - timedelta(seconds=90)
    await insert(
        rows,
        projector_checkpoints,
        [
            {"name": "projections", "position": 4242, "events": 10, "updated_at": moved},
        ],
    )
    settings = apps.test_settings(read_side)
    async with apps.running(create_app(settings), settings) as api:
        text = (await api.http.get("/metrics")).text
    assert 'projection_checkpoint_position{projector="projections"} 4242.0' in text
    age = re.search(
        r'projection_checkpoint_age_seconds\{projector="projections"\} ([0-9.e+]+)', text
    )
    assert age is not None
    assert 89 <= float(age.group(1)) < 150
