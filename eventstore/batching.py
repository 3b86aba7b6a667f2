"""Batches from a one-at-a-time async stream, for adapters without a native batch read."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TypeVar

T = TypeVar("T")
_END = object()


async def _next(iterator: AsyncIterator[T]) -> T | object:
    try:
        return await anext(iterator)
    except StopAsyncIteration:
        return _END


async def batched(
    source: AsyncIterator[T], limit: int, linger: float = 0.005
) -> AsyncIterator[list[T]]:
    """Non-empty lists of items that arrive within `linger` seconds of each other."""
    pending: asyncio.Future[T | object] = asyncio.ensure_future(_next(source))
    try:
        while (first := await pending) is not _END:
            batch: list[T] = [first]  # type: ignore[list-item]
            pending = asyncio.ensure_future(_next(source))
            while len(batch) < limit:
                done, _ = await asyncio.wait({pending}, timeout=linger)
                if not done or (item := pending.result()) is _END:
                    break
                batch.append(item)  # type: ignore[arg-type]
                pending = asyncio.ensure_future(_next(source))
            yield batch
    finally:
        pending.cancel()
