"""Relay and consumer throughput, and append-to-delivery latency, beside raw aio-pika.

- Relay: events/s from the event store to confirmed in RabbitMQ, against a raw baseline of
  pipelined confirmed publishes (500 in flight) of the same bodies and routing keys into
  the same topology, in the same run.
- Consumers: the runtime draining `projections` with an exactly-once PostgreSQL effect per
  message at 1 and 3 concurrent handlers, against a raw aio-pika consumer that only acks.
- Latency: appends paced at a steady rate while the relay runs; time from the append's
  return to the message's delivery to a plain consumer.

    .venv/bin/python -m bench.relay --events 20000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shlex
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from bench.common import DSN, bench_schema, bench_vhost, ensure_database
from bench.section import PLOTS, Column, Goal, Row, Section, percent, relative, timestamp
from bench.stats import RunResult
from consumers.envelope import Envelope
from consumers.idempotency import ProcessedMessages
from consumers.modes import OneAtATime
from consumers.registry import HandlerRegistry
from consumers.runtime import QueueConsumer
from dinner.migrate import READ_SIDE, upgrade
from eventstore.port import NO_STREAM
from eventstore.postgres import PostgresEventStore, create_pool
from rabbitmq.checkpoints import PostgresCheckpointStore
from rabbitmq.declare import declare_topology
from rabbitmq.messages import to_message
from rabbitmq.publisher import ConfirmedPublisher
from rabbitmq.relay import CHECKPOINT_NAME, Relay
from rabbitmq.topology import DEFAULT_TOPOLOGY
from schemas.envelope import Actor, EventMetadata, NewEvent, RecordedEvent
from schemas.events import OrderPlaced
from schemas.registry import routing_key
from schemas.streams import StreamId

METADATA = EventMetadata(correlation_id="bench", actor=Actor(user_id="bench", role="customer"))
# A complete OrderPlaced: the consumer runtime decodes every event before its handler runs.
DATA = {
    "order_id": "00000000-0000-4000-8000-000000000001",
    "customer_id": "customer-0001",
    "lines": [
        {
            "menu_item_id": "french_dinner",
            "name": "French dinner",
            "quantity": 2,
            "serving_style": "grand",
            "unit_price": 80000,
            "line_total": 160000,
        }
    ],
    "total": 160000,
    "delivery": {"address": "12 Sejong-daero, Seoul", "requested_for": "2026-12-24T19:00Z"},
    "placed_at": "2026-12-01T10:00Z",
}
QUEUES = [q.name for q in DEFAULT_TOPOLOGY.work_queues]


def event(n: int) -> NewEvent:
    return NewEvent(
        event_id=uuid.uuid4(),
        type="OrderPlaced",
        schema_version=2,
        data=DATA,
        metadata=METADATA,
        recorded_at=datetime.now(UTC),
    )


async def fill_store(store: PostgresEventStore, count: int, per_stream: int = 100) -> None:
    for start in range(0, count, per_stream):
        batch = [event(n) for n in range(start, min(count, start + per_stream))]
        await store.append(StreamId.order(uuid.uuid4()), batch, NO_STREAM)


async def purge(channel: AbstractChannel) -> None:
    for name in QUEUES:
        await (await channel.get_queue(name, ensure=False)).purge()


async def raw_publish(channel: AbstractChannel, events: list[RecordedEvent]) -> RunResult:
    exchange = await channel.get_exchange(DEFAULT_TOPOLOGY.exchange)
    started = time.perf_counter()
    for start in range(0, len(events), 500):
        window = events[start : start + 500]
        await asyncio.gather(*(exchange.publish(to_message(e), routing_key(e)) for e in window))
    return RunResult("raw aio-pika publish", 500, len(events), time.perf_counter() - started, [])


async def relay_publish(
    store: PostgresEventStore, checkpoints: PostgresCheckpointStore, channel: AbstractChannel
) -> RunResult:
    exchange = await channel.get_exchange(DEFAULT_TOPOLOGY.exchange)
    last = await store.head_position()
    relay = Relay(store, checkpoints, ConfirmedPublisher(exchange))
    started = time.perf_counter()
    task = asyncio.create_task(relay.run())
    while await checkpoints.load(CHECKPOINT_NAME) < last:
        await asyncio.sleep(0.005)
    seconds = time.perf_counter() - started
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    count = len(await store.read_all(limit=10**7))
    return RunResult("relay (store → confirmed)", 500, count, seconds, [])


async def raw_consume(channel: AbstractChannel, count: int) -> RunResult:
    await channel.set_qos(prefetch_count=100)
    queue = await channel.get_queue("projections", ensure=False)
    done = asyncio.Event()
    seen = 0

    async def on_message(message: AbstractIncomingMessage) -> None:
        nonlocal seen
        await message.ack()
        seen += 1
        if seen == count:
            done.set()

    started = time.perf_counter()
    tag = await queue.consume(on_message)
    await done.wait()
    seconds = time.perf_counter() - started
    await queue.cancel(tag)
    return RunResult("raw aio-pika consume (ack only)", 100, count, seconds, [])


async def runtime_consume(
    connection: aio_pika.abc.AbstractConnection,
    processed: ProcessedMessages | None,
    count: int,
    concurrency: int,
) -> RunResult:
    """`processed`: an exactly-once PostgreSQL record per message; None: a no-op handler."""
    channel = await connection.channel(publisher_confirms=True)
    done = asyncio.Event()
    seen = 0

    async def handle(event: Envelope[OrderPlaced]) -> None:
        nonlocal seen
        if processed is not None:
            await processed.run_once(event.event_id, lambda connection: asyncio.sleep(0))
        seen += 1
        if seen == count:
            done.set()

    consumer = QueueConsumer(
        channel,
        DEFAULT_TOPOLOGY.queue("projections"),
        OneAtATime(HandlerRegistry().on(OrderPlaced, handle), concurrency),
    )
    started = time.perf_counter()
    await consumer.start()
    await done.wait()
    seconds = time.perf_counter() - started
    await consumer.stop()
    await channel.close()
    effect = "exactly-once PG record" if processed else "no-op handler"
    label = f"runtime consume, {effect}, {concurrency} handler(s)"
    return RunResult(label, concurrency, count, seconds, [])


async def latency(
    store: PostgresEventStore,
    checkpoints: PostgresCheckpointStore,
    channel: AbstractChannel,
    rate: float,
    seconds: float,
) -> RunResult:
    exchange = await channel.get_exchange(DEFAULT_TOPOLOGY.exchange)
    relay = asyncio.create_task(Relay(store, checkpoints, ConfirmedPublisher(exchange)).run())
    appended: dict[str, float] = {}
    latencies: list[float] = []
    total = int(rate * seconds)
    done = asyncio.Event()

    async def on_message(message: AbstractIncomingMessage) -> None:
        await message.ack()
        sent = appended.pop(message.message_id or "", None)
        if sent is not None:
            latencies.append((time.perf_counter() - sent) * 1000)
            if len(latencies) == total:
                done.set()

    queue = await channel.get_queue("projections", ensure=False)
    await channel.set_qos(prefetch_count=100)
    tag = await queue.consume(on_message)
    begin = time.perf_counter()
    for n in range(total):
        await asyncio.sleep(max(0.0, begin + n / rate - time.perf_counter()))
        new = event(n)
        await store.append(StreamId.order(uuid.uuid4()), [new], NO_STREAM)
        appended[str(new.event_id)] = time.perf_counter()
    await asyncio.wait_for(done.wait(), 60)
    await queue.cancel(tag)
    relay.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await relay
    return RunResult(f"append → delivered @ {rate:.0f}/s", 1, total, seconds, latencies)


async def main(count: int, rate: float, seconds: float) -> list[RunResult]:
    await ensure_database()
    pool = await create_pool(DSN, max_size=10)
    results = []
    async with bench_schema(pool) as schema, bench_vhost() as amqp:
        await upgrade(READ_SIDE, DSN, schema)
        store = PostgresEventStore(pool, schema=schema)
        await store.create_schema()
        checkpoints = PostgresCheckpointStore(pool, schema)
        connection = await aio_pika.connect_robust(amqp)
        channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
        await declare_topology(channel, DEFAULT_TOPOLOGY)
        await fill_store(store, count)
        events = await store.read_all(limit=10**7)
        results.append(await raw_publish(channel, events))
        await purge(channel)
        results.append(await relay_publish(store, checkpoints, channel))
        results.append(await raw_consume(channel, len(events)))
        for concurrency, effect in ((3, False), (1, True), (3, True)):
            await purge(channel)
            await raw_publish(channel, events)
            processed = ProcessedMessages(pool, f"bench-{concurrency}", schema=schema)
            results.append(
                await runtime_consume(
                    connection, processed if effect else None, len(events), concurrency
                )
            )
        await purge(channel)
        results.append(await latency(store, checkpoints, channel, rate, seconds))
        await connection.close()
    await pool.close()
    return results


COLUMNS = [
    Column("workload", "workload"),
    Column("messages", "messages"),
    Column("rate", "msg/s", ratio="percent"),
    Column("p50", "p50 ms", "{:.1f}"),
    Column("p99", "p99 ms", "{:.1f}"),
]


def run(command: str, plots: Path | None, events: int, rate: float, seconds: float) -> Section:
    return section(asyncio.run(main(events, rate, seconds)), command, plots)


def section(results: list[RunResult], command: str, plots: Path | None = PLOTS) -> Section:
    from bench.environment import describe

    rows: list[Row] = []
    raw_at: dict[str, int] = {}
    for r in results:
        kind = "consume" if "consume" in r.label else "publish"
        if r.label.startswith("raw"):
            raw_at[kind] = len(rows)
        latency = {"p50": r.p50, "p99": r.p99} if r.latencies_ms else {}
        values = {"workload": r.label, "messages": r.count, "rate": r.throughput, **latency}
        # A paced latency run has no raw counterpart: its rate is the pace.
        baseline = None if r.label.startswith(("raw", "append")) else raw_at.get(kind)
        rows.append(Row(values, baseline))
    goals = []
    raw = next((r.throughput for r in results if r.label.startswith("raw aio-pika p")), 0.0)
    relay = next((r.throughput for r in results if r.label.startswith("relay")), None)
    if raw and relay is not None:
        goals.append(
            Goal(
                "relay ≥ 70 % of raw confirmed publishes", relay >= 0.7 * raw, percent(relay / raw)
            )
        )
    return Section(
        name="relay",
        title="Relay and consumers (issue: relay and RabbitMQ)",
        command=command,
        measured_at=timestamp(),
        columns=COLUMNS,
        rows=rows,
        goals=goals,
        plots=[relative(path) for path in draw(results, plots)] if plots else [],
        environment=describe(),
    )


def draw(results: list[RunResult], folder: Path) -> list[Path]:
    from bench import plots

    timed = {r.label: r.latencies_ms for r in results if r.latencies_ms}
    if not timed:
        return []
    path = folder / "relay-delivery-latency.png"
    return [plots.histogram(path, "Append → delivered to a consumer", timed)]


if __name__ == "__main__":
    from bench.render import print_section

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    a = parser.parse_args()
    results = asyncio.run(main(a.events, a.rate, a.seconds))
    print_section(
        section(results, shlex.join(["python", "-m", "bench.relay", *sys.argv[1:]]), None)
    )
