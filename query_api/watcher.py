"""Wakes read-your-writes waiters when the projector commits a batch.

One asyncpg connection per process LISTENs on `<schema>_projected`; the projector notifies it
after each committed batch with the batch's highest global position. Each notification wakes
every waiter, and a waiter re-reads its row only once the notified position has reached the
one it waits for. A waiter also re-reads on a slow fallback timer, so a missed notification
(a reconnect, a projector that does not notify) costs latency, never correctness.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import asyncpg

from projections.signals import projected_channel

log = logging.getLogger(__name__)

FALLBACK_SECONDS = 0.25
KEEPALIVE_SECONDS = 30.0
MAX_RECONNECT_DELAY = 10.0
APPLICATION_NAME = "dinner-query-watcher"  # how it shows in pg_stat_activity


class ProjectionWatcher:
    def __init__(self, dsn: str, schema: str, *, fallback_seconds: float = FALLBACK_SECONDS):
        self._dsn = dsn
        self._schema = schema
        self._channel = projected_channel(schema)
        self._fallback = fallback_seconds
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.high_water = 0
        self.connected = False

    async def start(self) -> None:
        self._task = asyncio.create_task(self._keep_listening(), name="projection-watcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def wait_for(
        self, reached: Callable[[], Awaitable[bool]], position: int, timeout: float
    ) -> bool:
        """Calls `reached` until it is true (True) or `timeout` seconds pass (False)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed  # taken before the check, so no wake-up is lost
            if await reached():
                return True
            recheck_at = min(deadline, loop.time() + self._fallback)
            while loop.time() < recheck_at:
                if not await _wait(changed, recheck_at - loop.time()):
                    break
                if self.high_water >= position:
                    break
                changed = self._changed
            if loop.time() >= deadline:
                return await reached()

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _on_notification(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        try:
            self.high_water = max(self.high_water, int(payload))
        except ValueError:
            log.warning("ignoring a projection notification without a position: %r", payload)
            return
        self._wake()

    async def _keep_listening(self) -> None:
        delay = 0.5
        while True:
            try:
                await self._listen_until_lost()
                delay = 0.5
            except Exception as error:  # a background task must outlive any failure
                log.warning("projection watcher disconnected (%s); retrying in %.1fs", error, delay)
            self.connected = False
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_RECONNECT_DELAY)

    async def _listen_until_lost(self) -> None:
        connection = await asyncpg.connect(
            self._dsn, server_settings={"application_name": APPLICATION_NAME}
        )
        try:
            lost = asyncio.Event()
            connection.add_termination_listener(lambda _conn: lost.set())
            await connection.add_listener(self._channel, self._on_notification)
            await self._catch_up(connection)
            self.connected = True
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), KEEPALIVE_SECONDS)
                if not lost.is_set():
                    await connection.fetchval("SELECT 1", timeout=5)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), 2)

    async def _catch_up(self, connection: asyncpg.Connection) -> None:
        """Notifications sent while not listening are gone: take the checkpoint instead."""
        try:
            projected = await connection.fetchval(
                f'SELECT max(position) FROM "{self._schema}".projector_checkpoints'
            )
        except asyncpg.UndefinedTableError:
            projected = None
        self.high_water = max(self.high_water, projected or 0)
        self._wake()


async def _wait(event: asyncio.Event, seconds: float) -> bool:
    if seconds <= 0:
        return event.is_set()
    try:
        await asyncio.wait_for(event.wait(), seconds)
    except TimeoutError:
        return False
    return True
