"""One active relay at a time: a PostgreSQL advisory lock held by a live session.

The lock belongs to one connection; if that process dies, or its connection breaks, the
server releases it and a standby takes over. The holder checks its connection every few
seconds and stops working the moment the lease may be gone, so two relays never publish
side by side for longer than one check.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

import asyncpg

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 2.0


def lock_key(name: str) -> int:
    return zlib.crc32(f"dinner:{name}".encode())


class LeaseLost(Exception):
    pass


async def hold_lease_and_run(
    connect: Callable[[], Awaitable[asyncpg.Connection]],
    name: str,
    work: Callable[[], Coroutine[Any, Any, None]],
    *,
    retry_seconds: float = 1.0,
) -> None:
    """Wait until this process holds the lease, then run `work` for as long as it holds it."""
    while True:
        async with _lease(connect, name, retry_seconds) as lost:
            worker = asyncio.create_task(work())
            done, _ = await asyncio.wait({worker, lost}, return_when=asyncio.FIRST_COMPLETED)
            if worker in done:
                worker.result()  # re-raises what stopped the work
                return
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
            log.warning("lease %s lost; back to standby", name)


@contextlib.asynccontextmanager
async def _lease(
    connect: Callable[[], Awaitable[asyncpg.Connection]], name: str, retry_seconds: float
) -> AsyncIterator[asyncio.Task[None]]:
    connection = await _acquire(connect, name, retry_seconds)
    watcher = asyncio.create_task(_watch(connection))
    try:
        yield watcher
    finally:
        watcher.cancel()
        with contextlib.suppress(Exception):
            await connection.close()


async def _acquire(
    connect: Callable[[], Awaitable[asyncpg.Connection]], name: str, retry_seconds: float
) -> asyncpg.Connection:
    announced = False
    while True:
        try:
            connection = await connect()
        except (OSError, asyncpg.PostgresError) as error:
            log.warning("cannot reach PostgreSQL for the %s lease: %s", name, error)
            await asyncio.sleep(retry_seconds)
            continue
        if await connection.fetchval("SELECT pg_try_advisory_lock($1)", lock_key(name)):
            log.info("holding the %s lease", name)
            return connection
        await connection.close()
        if not announced:
            log.info("another %s holds the lease; standing by", name)
            announced = True
        await asyncio.sleep(retry_seconds)


async def _watch(connection: asyncpg.Connection) -> None:
    while True:
        await asyncio.sleep(CHECK_EVERY_SECONDS)
        try:
            await asyncio.wait_for(connection.fetchval("SELECT 1"), CHECK_EVERY_SECONDS)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
            return
