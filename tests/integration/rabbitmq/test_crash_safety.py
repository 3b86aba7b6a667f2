"""kill -9 at every unsafe point of the relay and of a consumer: nothing lost, nothing doubled.

Each test runs the real processes (`dinner relay`, a consumer on the production runtime),
lets a named fault point SIGKILL them exactly there, restarts them, and compares what
reached the queues or the database with the event store.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import asyncpg
import pytest
from aio_pika.abc import AbstractChannel

from eventstore.port import NO_STREAM
from eventstore.postgres import PostgresEventStore
from rabbitmq.declare import declare_topology
from rabbitmq.topology import DEFAULT_TOPOLOGY
from tests.support.broker import drain
from tests.support.effect_consumer import effect_events, effects_table
from tests.support.processes import environment, spawn, terminate, wait_for_exit

pytestmark = pytest.mark.slow

RELAY = ["cli", "relay"]
CONSUMER = ["tests.support.effect_consumer"]


async def append_orders(store: PostgresEventStore, streams: int, per_stream: int) -> set[str]:
    for n in range(streams):
        await store.append(f"order-{n}", effect_events(per_stream), NO_STREAM)
    return {str(e.event_id) for e in await store.read_all(limit=10_000)}


async def killed_at(point: str, args: list[str], schema: str, amqp: str, log: Path) -> None:
    process = spawn(args, environment(schema, amqp, faults=point), log)
    assert await wait_for_exit(process) == -signal.SIGKILL, log.read_text()


@pytest.mark.parametrize("point", ["relay.before_publish", "relay.after_publish"])
async def test_the_relay_killed_mid_batch_loses_nothing(
    point: str,
    pg_store: PostgresEventStore,
    read_side: str,
    amqp_url: str,
    amqp_channel: AbstractChannel,
    tmp_path: Path,
) -> None:
    await declare_topology(amqp_channel, DEFAULT_TOPOLOGY)
    stored = await append_orders(pg_store, streams=20, per_stream=5)
    log = tmp_path / "relay.log"
    await killed_at(point, RELAY, read_side, amqp_url, log)

    relay = spawn(RELAY, environment(read_side, amqp_url), log)
    try:
        expected = len(stored) * (2 if point == "relay.after_publish" else 1)
        for queue in ("projections", "notifications"):
            messages = await drain(amqp_channel, queue, expected=expected)
            assert {m.message_id for m in messages} == stored, queue
    finally:
        assert await terminate(relay) == 0, log.read_text()


async def test_a_consumer_killed_mid_handler_and_before_ack_applies_each_effect_once(
    pg_store: PostgresEventStore,
    pg_pool: asyncpg.Pool,
    read_side: str,
    amqp_url: str,
    amqp_channel: AbstractChannel,
    tmp_path: Path,
) -> None:
    await declare_topology(amqp_channel, DEFAULT_TOPOLOGY)
    stored = await append_orders(pg_store, streams=30, per_stream=3)
    log = tmp_path / "processes.log"
    relay = spawn(RELAY, environment(read_side, amqp_url), log)
    try:
        await killed_at("consumer.before_commit", CONSUMER, read_side, amqp_url, log)
        await killed_at("consumer.before_ack", CONSUMER, read_side, amqp_url, log)
        consumer = spawn(CONSUMER, environment(read_side, amqp_url), log)
        table = effects_table(read_side)
        await _wait_for_rows(pg_pool, table, len(stored), log)
        assert await terminate(consumer) == 0, log.read_text()
    finally:
        await terminate(relay)

    rows = await pg_pool.fetch(f"SELECT event_id::text AS id FROM {table}")
    assert len(rows) == len(stored)
    assert {r["id"] for r in rows} == stored
    processed = await pg_pool.fetchval(
        f'SELECT count(*) FROM "{read_side}".processed_messages WHERE consumer = $1', "effects"
    )
    assert processed == len(stored)


async def _wait_for_rows(pool: asyncpg.Pool, table: str, expected: int, log: Path) -> None:
    try:
        async with asyncio.timeout(30):
            while await pool.fetchval(f"SELECT count(*) FROM {table}") < expected:
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(log.read_text()) from None
