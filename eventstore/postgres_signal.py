"""Wakes subscribers after appends without a NOTIFY inside the append transaction.

A NOTIFY inside every append serialises all commits on PostgreSQL's notification queue.
Here the NOTIFY is sent after the append committed, on its own, and coalesced: at most one
per `window` seconds from this process, the first at once. A subscriber is thus woken within
a window of any append, and a busy appender pays for one NOTIFY per window, not per append.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import asyncpg

log = logging.getLogger(__name__)


DEFAULT_WINDOW = 0.01


class AppendSignal:
    def __init__(self, pool: asyncpg.Pool, channel: str, window: float = DEFAULT_WINDOW) -> None:
        self._pool = pool
        self._channel = channel
        self._window = window
        self._pending = False
        self._sender: asyncio.Task[None] | None = None

    def notify(self) -> None:
        self._pending = True
        if self._sender is None or self._sender.done():
            self._sender = asyncio.create_task(self._send_while_pending())

    async def _send_while_pending(self) -> None:
        while self._pending:
            self._pending = False
            try:
                await self._pool.execute("SELECT pg_notify($1, '')", self._channel)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                # Subscribers still poll when idle, so a lost wake-up only delays them.
                log.warning("append notification failed: %s", error)
            await asyncio.sleep(self._window)

    @contextlib.asynccontextmanager
    async def listener(self) -> AsyncIterator[asyncio.Event]:
        """An event set whenever any process appended to this store."""
        woken = asyncio.Event()

        def on_notify(*_: object) -> None:
            woken.set()

        async with self._pool.acquire() as connection:
            await connection.add_listener(self._channel, on_notify)
            try:
                yield woken
            finally:
                with contextlib.suppress(OSError, asyncpg.InterfaceError, asyncpg.PostgresError):
                    await connection.remove_listener(self._channel, on_notify)

    async def close(self) -> None:
        if self._sender is not None:
            self._sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sender
