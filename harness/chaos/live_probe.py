"""Listens where the notifications consumer pushes (the dashboard channel in Redis) and counts
which events arrived, so the run can tell what reached the `notifications` queue's effect."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter

import orjson
import redis.asyncio as redis

from schemas.channels import dashboard_channel


class LiveUpdateProbe:
    def __init__(self, redis_url: str, prefix: str) -> None:
        self._client = redis.from_url(redis_url)
        self._channel = dashboard_channel(prefix)
        self._task: asyncio.Task[None] | None = None
        self.seen: Counter[str] = Counter()

    async def start(self) -> None:
        pubsub = self._client.pubsub()
        await pubsub.subscribe(self._channel)
        self._task = asyncio.create_task(self._listen(pubsub))

    async def _listen(self, pubsub: redis.client.PubSub) -> None:
        try:
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    self.seen[orjson.loads(message["data"])["event_id"]] += 1
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]

    @property
    def pushed(self) -> int:
        return sum(self.seen.values())

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._client.aclose()
