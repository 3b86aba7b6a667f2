"""`dinner projections run`: the projector's composition root."""

from __future__ import annotations

import asyncio

from bootstrap import Needs, open_services
from consumers.process import consume_until_stopped
from dinner.faults import FaultPoints
from dinner.settings import Settings
from projections.consumer import Projecting
from projections.projector import Projector
from projections.signals import ProjectionSignals

NEEDS = Needs.EVENT_STORE | Needs.KEYS | Needs.SQL | Needs.REDIS


async def run(settings: Settings, stop: asyncio.Event | None = None) -> None:
    async with open_services(settings, NEEDS, sql_pool_size=4) as services:
        # The store fills gaps (a revision overtaken by a later one); the keys reveal
        # personal fields before any model folds them.
        projector = Projector(
            services.sql,
            services.store,
            schema=settings.database_schema,
            personal=services.personal,
        )
        signals = ProjectionSignals(
            services.sql, settings.database_schema, services.redis, settings.redis_prefix
        )
        projecting = Projecting(projector, after_commit=signals.after_commit)
        await consume_until_stopped(
            settings.rabbitmq_url,
            [projecting.subscription()],
            name="dinner-projector",
            faults=FaultPoints.from_environment(),
            stop=stop,
            max_body_bytes=settings.max_message_bytes,
        )


def main(settings: Settings) -> None:
    asyncio.run(run(settings))
