"""Projection lag in `/metrics`, from the projector's checkpoint rows.

The event store's head is not readable from the read side, so the lag is shown as the
checkpoint's position and the seconds since it last moved. The age is computed at scrape
time from the stored `updated_at`; the rows are re-read in the background every few seconds.
An idle system has a growing age too: read it together with the write side's head position.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator
from datetime import datetime

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from projections.tables import projector_checkpoints

log = logging.getLogger(__name__)

REFRESH_SECONDS = 5.0


class ProjectionLag(Collector):
    def __init__(self, refresh_seconds: float = REFRESH_SECONDS) -> None:
        self._refresh_seconds = refresh_seconds
        self._checkpoints: dict[str, tuple[int, datetime]] = {}
        self._task: asyncio.Task[None] | None = None

    async def refresh(self, engine: AsyncEngine) -> None:
        table = projector_checkpoints.c
        query = select(table.name, table.position, table.updated_at)
        async with engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        self._checkpoints = {name: (position, at) for name, position, at in rows}

    async def start(self, engine: AsyncEngine) -> None:
        await self._try_refresh(engine)
        self._task = asyncio.create_task(self._keep_refreshing(engine), name="projection-lag")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _keep_refreshing(self, engine: AsyncEngine) -> None:
        while True:
            await asyncio.sleep(self._refresh_seconds)
            await self._try_refresh(engine)

    async def _try_refresh(self, engine: AsyncEngine) -> None:
        try:
            await self.refresh(engine)
        except Exception as error:  # the figures go stale; the age keeps growing
            log.warning("could not read the projector checkpoints: %s", error)

    def collect(self) -> Iterator[Metric]:
        position = GaugeMetricFamily(
            "projection_checkpoint_position",
            "Global position of the last event the projector has committed",
            labels=["projector"],
        )
        age = GaugeMetricFamily(
            "projection_checkpoint_age_seconds",
            "Seconds since the projector's checkpoint last moved",
            labels=["projector"],
        )
        now = time.time()
        for name, (at_position, updated_at) in sorted(self._checkpoints.items()):
            position.add_metric([name], at_position)
            age.add_metric([name], max(0.0, now - updated_at.timestamp()))
        yield position
        yield age
