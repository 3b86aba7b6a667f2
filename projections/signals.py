"""What the projector tells others after a batch commits.

- `pg_notify('<schema>_projected', '<position>')` on the read-side database wakes queries
  waiting for read-your-writes (`?min_position=`).
- `INCR <prefix>sales:version` in Redis when a batch may have changed sales: the query API
  caches sales under the current version, so a new version is an instant invalidation.
"""

from __future__ import annotations

import logging

import redis.asyncio as redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from projections.events import ProjectedEvent

log = logging.getLogger(__name__)

SALES_CHANGING = {"OrderPaid", "OrderCancelled", "OrderRejected"}


def projected_channel(schema: str) -> str:
    return f"{schema}_projected"


def sales_version_key(prefix: str) -> str:
    return f"{prefix}sales:version"


class ProjectionSignals:
    def __init__(self, engine: AsyncEngine, schema: str, client: redis.Redis, prefix: str):
        self._engine = engine
        self._channel = projected_channel(schema)
        self._client = client
        self._prefix = prefix

    async def after_commit(self, events: list[ProjectedEvent]) -> None:
        position = max(e.position for e in events)
        async with self._engine.connect() as connection:
            await connection.execute(
                text("SELECT pg_notify(:channel, :position)"),
                {"channel": self._channel, "position": str(position)},
            )
            await connection.commit()
        if any(e.type in SALES_CHANGING for e in events):
            try:
                await self._client.incr(sales_version_key(self._prefix))
            except redis.RedisError as error:
                # The cached figures then live out their short TTL instead.
                log.warning("could not invalidate the sales cache: %s", error)
