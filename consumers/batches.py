"""Gathers arriving messages into batches: flushed when full or after a quiet `linger`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aio_pika.abc import AbstractIncomingMessage

log = logging.getLogger(__name__)

Flush = Callable[[list[AbstractIncomingMessage]], Coroutine[Any, Any, None]]


class Batches:
    def __init__(self, flush: Flush, *, max_batch: int, linger: float) -> None:
        self._flush = flush
        self._max_batch = max_batch
        self._linger = linger
        self._buffer: list[AbstractIncomingMessage] = []
        self._arrived = asyncio.Event()
        self._loop: asyncio.Task[None] | None = None
        self._flushing: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._loop = asyncio.create_task(self._flush_forever())

    def add(self, message: AbstractIncomingMessage) -> None:
        self._buffer.append(message)
        self._arrived.set()

    async def stop(self) -> None:
        """Finishes the batch in hand, then flushes whatever is still buffered."""
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
        if self._flushing is not None and not self._flushing.done():
            await self._flushing
        while self._buffer:
            await self._flush(self._take())

    def _take(self) -> list[AbstractIncomingMessage]:
        batch, self._buffer = self._buffer[: self._max_batch], self._buffer[self._max_batch :]
        if not self._buffer:
            self._arrived.clear()
        return batch

    async def _flush_forever(self) -> None:
        while True:
            await self._arrived.wait()
            size = len(self._buffer)
            while size < self._max_batch:
                await asyncio.sleep(self._linger)
                if len(self._buffer) == size:
                    break
                size = len(self._buffer)
            # Shielded: stopping must not cut a batch off between its commit and its acks.
            self._flushing = asyncio.create_task(self._flush(self._take()))
            try:
                await asyncio.shield(self._flushing)
            except Exception:  # a broker gone mid-settle: its messages come back redelivered
                log.exception("a batch could not be settled")
