"""Waiting, after the last fault, until everything accepted has gone everywhere it should.

Nothing appends once the clients have stopped, so the stored log is read once; then the run
polls the relay's checkpoint, the read models' revisions, the live-update probe and the queue
depths until all agree with that log, or the time is up (then the findings show what is
missing).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence

import asyncpg
from aiormq.exceptions import AMQPError
from sqlalchemy.ext.asyncio import AsyncEngine

from consumers.notifications import PUSHED_TYPES
from harness.chaos.verify import projected_events, projected_revisions, queue_depths
from schemas.envelope import RecordedEvent

POLL_SECONDS = 0.5


async def relay_position(pool: asyncpg.Pool) -> int:
    value = await pool.fetchval("SELECT position FROM checkpoints WHERE name = 'relay'")
    return int(value or 0)


async def pending(
    events: Sequence[RecordedEvent],
    pool: asyncpg.Pool,
    engine: AsyncEngine,
    amqp_url: str,
    pushed: Counter[str],
) -> list[str]:
    """What has not arrived yet; empty once everything has."""
    waiting: list[str] = []
    head = max((e.position for e in events), default=0)
    if (relayed := await relay_position(pool)) < head:
        waiting.append(f"relay at {relayed} of {head}")
    projected = projected_events(events, await projected_revisions(engine))
    if projected < len(events):
        waiting.append(f"read models have {projected} of {len(events)} events")
    live = {str(e.event_id) for e in events if e.type in PUSHED_TYPES}
    if missing := len(live - set(pushed)):
        waiting.append(f"{missing} live updates not pushed")
    busy = {
        name: n
        for name, n in (await queue_depths(amqp_url)).items()
        if n and not name.endswith(".dlq")
    }
    if busy:
        waiting.append(f"queues not empty: {busy}")
    return waiting


async def settle(
    events: Sequence[RecordedEvent],
    pool: asyncpg.Pool,
    engine: AsyncEngine,
    amqp_url: str,
    pushed: Counter[str],
    timeout: float,
) -> tuple[float, list[str]]:
    """Seconds it took, and what was still missing if it never settled."""
    started = time.monotonic()
    waiting = ["not checked"]
    while time.monotonic() - started < timeout:
        try:
            waiting = await pending(events, pool, engine, amqp_url, pushed)
        except (OSError, AMQPError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            waiting = [f"cannot look yet: {error!r}"]
        if not waiting:
            break
        await asyncio.sleep(POLL_SECONDS)
    return time.monotonic() - started, waiting
