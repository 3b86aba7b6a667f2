"""Sales reports cached in Redis under the projector's sales version.

The projector INCRs `<prefix>sales:version` after a batch that may change sales, so a report
cached under the previous version is never read again: invalidation without deleting keys.
A Redis failure only costs the cache; the report is then computed from the database.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import redis.asyncio as redis

from projections.signals import sales_version_key

log = logging.getLogger(__name__)

TTL_SECONDS = 60


class SalesCache:
    def __init__(self, client: redis.Redis, prefix: str, ttl_seconds: int = TTL_SECONDS):
        self._client = client
        self._prefix = prefix
        self._ttl = ttl_seconds

    async def get_or_compute(
        self, params: str, compute: Callable[[], Awaitable[bytes]]
    ) -> tuple[bytes, bool]:
        """The cached body for `params` (True), or a freshly computed and stored one (False)."""
        try:
            version = await self._client.get(sales_version_key(self._prefix))
            key = f"{self._prefix}sales:report:{_text(version)}:{params}"
            cached = await self._client.get(key)
        except (redis.RedisError, OSError) as error:
            log.warning("sales cache unavailable: %s", error)
            return await compute(), False
        if cached is not None:
            return cached.encode() if isinstance(cached, str) else cached, True
        body = await compute()
        try:
            await self._client.set(key, body, ex=self._ttl)
        except (redis.RedisError, OSError) as error:
            log.warning("could not cache a sales report: %s", error)
        return body, False


def _text(version: bytes | str | None) -> str:
    if version is None:
        return "0"
    return version.decode() if isinstance(version, bytes) else version
