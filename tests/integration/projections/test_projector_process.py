"""The projector as a real process behind the relay: killed mid-batch, fed duplicates."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import asyncpg
import pytest
from aio_pika.abc import AbstractChannel
from sqlalchemy.ext.asyncio import AsyncEngine

from eventstore.postgres import PostgresEventStore
from projections.projector import Projector
from rabbitmq.declare import declare_topology
from rabbitmq.topology import DEFAULT_TOPOLOGY
from tests.support.processes import environment, spawn, terminate, wait_for_exit
from tests.support.read_model_checks import mismatches
from tests.support.workload import run_workload

pytestmark = pytest.mark.slow

RELAY = ["cli", "relay"]
PROJECTOR = ["cli", "projections", "run"]


async def caught_up(pool: asyncpg.Pool, schema: str, store: PostgresEventStore, log: Path) -> None:
    head = await store.head_position()
    try:
        async with asyncio.timeout(60):
            while (
                await pool.fetchval(f'SELECT max(position) FROM "{schema}".projector_checkpoints')
                or 0
            ) < head:
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(log.read_text()) from None


async def test_a_projector_killed_mid_batch_and_fed_duplicates_still_matches_the_store(
    projector: Projector,
    pg_store: PostgresEventStore,
    pg_pool: asyncpg.Pool,
    engine: AsyncEngine,
    read_side: str,
    amqp_url: str,
    amqp_channel: AbstractChannel,
    tmp_path: Path,
) -> None:
    await declare_topology(amqp_channel, DEFAULT_TOPOLOGY)
    await run_workload(pg_store, commands=1500, seed=23)
    log = tmp_path / "processes.log"
    relay = spawn(RELAY, environment(read_side, amqp_url), log)
    try:
        dying = spawn(PROJECTOR, environment(read_side, amqp_url, "projector.before_ack"), log)
        assert await wait_for_exit(dying) == -signal.SIGKILL, log.read_text()
        running = spawn(PROJECTOR, environment(read_side, amqp_url), log)
        await caught_up(pg_pool, read_side, pg_store, log)
        assert await mismatches(engine, pg_store) == []

        # Everything again: the relay starts over from the beginning of the log.
        assert await terminate(relay) == 0
        await pg_pool.execute(f'UPDATE "{read_side}".checkpoints SET position = 0')
        await pg_pool.execute(f'UPDATE "{read_side}".projector_checkpoints SET position = 0')
        relay = spawn(RELAY, environment(read_side, amqp_url), log)
        await run_workload(pg_store, commands=200, seed=29)
        await caught_up(pg_pool, read_side, pg_store, log)
        assert await mismatches(engine, pg_store) == []
        assert await terminate(running) == 0, log.read_text()
    finally:
        await terminate(relay)
