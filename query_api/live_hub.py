"""One Redis pub/sub connection per process, shared by all of its WebSockets.

A channel is subscribed while at least one socket listens to it and unsubscribed when the last
one leaves. `listen` returns once Redis has confirmed the subscription, so nothing published
after that is missed. Each socket has a bounded queue; a socket that falls that far behind is
marked overflowed and its handler closes it, rather than holding messages without end.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Collection
from typing import Any

import redis.asyncio as redis

log = logging.getLogger(__name__)

QUEUE_SIZE = 256
CONFIRM_SECONDS = 5.0


class Overflowed(Exception):
    """The socket did not keep up with its channels."""


class Listener:
    def __init__(self, size: int) -> None:
        self._queue: asyncio.Queue[bytes] = asyncio.Queue(size)
        self.overflowed = False

    def offer(self, data: bytes) -> None:
        try:
            self._queue.put_nowait(data)
        except asyncio.QueueFull:
            self.overflowed = True

    async def next(self) -> bytes:
        if self.overflowed:
            raise Overflowed
        return await self._queue.get()


class LiveHub:
    def __init__(self, client: redis.Redis, *, queue_size: int = QUEUE_SIZE) -> None:
        self._pubsub = client.pubsub()
        self._queue_size = queue_size
        self._listeners: dict[str, set[Listener]] = {}
        self._confirmed: dict[str, asyncio.Event] = {}
        self._lock = asyncio.Lock()
        self._active = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None
        self._cleanups: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._reader = asyncio.create_task(self._read(), name="live-hub")

    async def stop(self) -> None:
        if self._cleanups:
            await asyncio.wait(self._cleanups, timeout=2)
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]

    @contextlib.asynccontextmanager
    async def listen(self, channels: Collection[str]) -> AsyncIterator[Listener]:
        listener = Listener(self._queue_size)
        try:
            await self._add(listener, channels)
            yield listener
        finally:
            self._release(listener, channels)

    async def _add(self, listener: Listener, channels: Collection[str]) -> None:
        async with self._lock:
            new = [c for c in channels if c not in self._listeners]
            for channel in channels:
                self._listeners.setdefault(channel, set()).add(listener)
            for channel in new:
                self._confirmed[channel] = asyncio.Event()
            confirmations = [self._confirmed[c] for c in channels]
            if new:
                await self._pubsub.subscribe(*new)
                self._active.set()
        try:
            await asyncio.wait_for(_all_set(confirmations), CONFIRM_SECONDS)
        except TimeoutError:
            log.warning("Redis did not confirm a subscription in %.0fs", CONFIRM_SECONDS)

    def _release(self, listener: Listener, channels: Collection[str]) -> None:
        """Drops the listener at once (no await: it runs in cancelled handlers too); channels
        nobody listens to any more are unsubscribed in the background."""
        idle = []
        for channel in channels:
            members = self._listeners.get(channel)
            if members is None or listener not in members:
                continue
            members.discard(listener)
            if not members:
                del self._listeners[channel]
                self._confirmed.pop(channel, None)
                idle.append(channel)
        if idle:
            task = asyncio.create_task(self._unsubscribe(idle))
            self._cleanups.add(task)
            task.add_done_callback(self._cleanups.discard)

    async def _unsubscribe(self, channels: list[str]) -> None:
        async with self._lock:
            idle = [c for c in channels if c not in self._listeners]  # none re-added since
            if not idle:
                return
            try:
                await self._pubsub.unsubscribe(*idle)
            except (redis.RedisError, OSError) as error:
                log.warning("could not unsubscribe from live channels: %s", error)

    async def _read(self) -> None:
        delay = 0.1
        while True:
            if not self._pubsub.subscribed:
                self._active.clear()
                await self._active.wait()
                continue
            try:
                message = await self._pubsub.get_message(timeout=1.0)
            except (redis.RedisError, OSError) as error:
                log.warning("live updates interrupted (%s); retrying in %.1fs", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            delay = 0.1
            if message is not None:
                self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        channel = message["channel"]
        name = channel.decode() if isinstance(channel, bytes) else str(channel)
        if message["type"] == "subscribe":
            confirmed = self._confirmed.get(name)
            if confirmed is not None:
                confirmed.set()
        elif message["type"] == "message":
            for listener in list(self._listeners.get(name, ())):
                listener.offer(message["data"])


async def _all_set(events: list[asyncio.Event]) -> None:
    for event in events:
        await event.wait()
