"""Batching a one-at-a-time stream: order kept, size bounded, quiet gaps close a batch."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from eventstore.batching import batched


async def trickle(bursts: list[int]) -> AsyncIterator[int]:
    n = 0
    for burst in bursts:
        for _ in range(burst):
            yield n
            n += 1
        await asyncio.sleep(0.05)


async def test_bursts_become_batches_of_at_most_the_limit() -> None:
    batches = [b async for b in batched(trickle([5, 2]), limit=3, linger=0.01)]
    assert batches == [[0, 1, 2], [3, 4], [5, 6]]


async def test_an_empty_source_yields_nothing() -> None:
    assert [b async for b in batched(trickle([]), limit=3)] == []
