"""A quorum queue loses no confirmed message when its leader's node is killed with SIGKILL.

Three throwaway nodes (`local_cluster`); the work queue is declared with the topology's own
at-least-once dead-lettering arguments and a member on every node. A publisher with one
connection per node keeps many confirmed publishes in flight and sends again, through the next
live node, any publish that is nacked, times out or fails. Once a third of the messages are
confirmed the leader's Erlang VM is killed. Every confirmed id must then be consumed from a
surviving node, and another node must lead the queue.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractIncomingMessage
from aiormq.exceptions import AMQPError, ChannelInvalidStateError

from rabbitmq.topology import DEFAULT_TOPOLOGY
from tests.cluster.local_cluster import ClusterError, LocalCluster, Node, local_cluster, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]
log = logging.getLogger(__name__)

WORK_QUEUE = DEFAULT_TOPOLOGY.queue("projections")
CONFIRMED_TARGET = 5000  # publishing stops once this many ids are confirmed
KILL_AFTER = 1500  # confirmed ids before the leader is killed
IN_FLIGHT = 60  # publishes awaiting their confirm at any moment
CONFIRM_TIMEOUT = 5.0
PUBLISH_SECONDS = 60.0
PUBLISH_FAILURES = (AMQPError, ChannelInvalidStateError, ConnectionError, TimeoutError)


@pytest.fixture
def cluster() -> Iterator[LocalCluster]:
    try:
        with local_cluster(3) as started:
            yield started
    except ClusterError as error:
        pytest.fail(f"local RabbitMQ cluster: {error}", pytrace=False)


@dataclass
class PublishRecord:
    confirmed: set[int] = field(default_factory=set)
    attempts: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    confirmed_at: list[float] = field(default_factory=list)
    failed_at: list[float] = field(default_factory=list)

    @property
    def republished(self) -> int:
        return sum(1 for count in self.attempts.values() if count > 1)


class RetryingPublisher:
    """Publishes ids 0, 1, 2, ... persistently, each until confirmed, rotating over the nodes."""

    def __init__(self, channels: list[AbstractChannel]) -> None:
        self.record = PublishRecord()
        self.kill_now = asyncio.Event()
        self._channels = channels
        self._ids = itertools.count()

    async def run(self) -> None:
        await asyncio.gather(*(self._keep_publishing() for _ in range(IN_FLIGHT)))

    async def _keep_publishing(self) -> None:
        while len(self.record.confirmed) < CONFIRMED_TARGET:
            await self._publish_until_confirmed(next(self._ids))

    async def _publish_until_confirmed(self, number: int) -> None:
        body = json.dumps({"id": number}).encode()
        for attempt in itertools.count():
            self.record.attempts[number] += 1
            message = aio_pika.Message(
                body, message_id=str(number), delivery_mode=aio_pika.DeliveryMode.PERSISTENT
            )
            exchange = self._exchange_for(number + attempt)
            try:
                await exchange.publish(message, WORK_QUEUE.name, timeout=CONFIRM_TIMEOUT)
            except PUBLISH_FAILURES as error:
                self.record.failures[type(error).__name__] += 1
                self.record.failed_at.append(time.monotonic())
                await asyncio.sleep(min(0.05 * (attempt + 1), 1.0))  # backoff
                continue
            self.record.confirmed.add(number)
            self.record.confirmed_at.append(time.monotonic())
            if len(self.record.confirmed) >= KILL_AFTER:
                self.kill_now.set()
            return

    def _exchange_for(self, turn: int) -> AbstractExchange:
        live = [channel for channel in self._channels if not channel.is_closed] or self._channels
        return live[turn % len(live)].default_exchange


def three_member_declarations() -> dict[str, dict[str, Any]]:
    """The work queue and its dead-letter queue as the topology declares them, on 3 nodes each."""
    return {
        declaration.name: {**declaration.arguments, "x-quorum-initial-group-size": 3}
        for declaration in DEFAULT_TOPOLOGY.declarations()
        if declaration.name in (WORK_QUEUE.dead_letter_queue, WORK_QUEUE.name)
    }


async def declare_queues(node: Node, declarations: dict[str, dict[str, Any]]) -> None:
    connection = await aio_pika.connect(node.url)
    async with connection:
        channel = await connection.channel()
        for name, arguments in declarations.items():
            await channel.declare_queue(name, durable=True, arguments=arguments)


async def publish_through_kill(cluster: LocalCluster, leader: Node) -> tuple[PublishRecord, float]:
    """Publishes through every node, kills the leader part way, returns when the rest is in."""
    async with AsyncExitStack() as stack:
        channels = []
        for node in cluster.nodes:
            connection = await stack.enter_async_context(await aio_pika.connect(node.url))
            channels.append(await connection.channel(on_return_raises=True))
        publisher = RetryingPublisher(channels)
        publishing = asyncio.create_task(publisher.run())
        part_way = asyncio.create_task(publisher.kill_now.wait())
        await asyncio.wait([publishing, part_way], return_when=asyncio.FIRST_COMPLETED)
        part_way.cancel()
        if publishing.done():
            publishing.result()  # raises whatever stopped it
            pytest.fail("publishing ended before the leader was killed")
        killed_at = time.monotonic()
        await asyncio.to_thread(cluster.kill, leader)
        try:
            async with asyncio.timeout(PUBLISH_SECONDS):
                await publishing
        except TimeoutError:
            pytest.fail(
                f"{len(publisher.record.confirmed)}/{CONFIRMED_TARGET} confirmed after "
                f"{PUBLISH_SECONDS:.0f} s; failures: {dict(publisher.record.failures)}"
            )
    return publisher.record, killed_at


async def consume_everything(node: Node) -> Counter[int]:
    """Every message in the work queue, consumed until none is ready and all counted are in."""
    consumed: Counter[int] = Counter()

    async def take(message: AbstractIncomingMessage) -> None:
        consumed[int(message.message_id or "-1")] += 1
        await message.ack()

    connection = await aio_pika.connect(node.url)
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=500)

        async def ready() -> int:
            declared = await channel.declare_queue(WORK_QUEUE.name, passive=True)
            return declared.declaration_result.message_count or 0

        expected = await ready()
        queue = await channel.get_queue(WORK_QUEUE.name, ensure=False)
        tag = await queue.consume(take)
        async with asyncio.timeout(60):
            while sum(consumed.values()) < expected or await ready():
                await asyncio.sleep(0.05)
        await queue.cancel(tag)
    return consumed


def new_leader(cluster: LocalCluster, asking: Node, old: str) -> str:
    """Waits until a surviving node reports a leader other than the killed node."""
    seen: list[str] = []

    def elected() -> bool:
        leader, _ = cluster.queue_members(WORK_QUEUE.name, asking)
        seen.append(leader)
        return leader != old and leader in {node.name for node in cluster.running()}

    try:
        wait_for(elected, 30, f"a leader other than {old}", pause=0.2)
    except ClusterError as error:
        raise ClusterError(f"{error}; {asking.name} last reported {seen[-3:]}") from None
    return seen[-1]


def failover_report(
    record: PublishRecord, killed_at: float, consumed: Counter[int]
) -> dict[str, object]:
    """What the publisher saw around the kill, and what came out of the queue."""
    times = sorted(t for t in record.confirmed_at if t >= killed_at - 1.0)
    gap, gap_end = max(
        ((b - a, b - killed_at) for a, b in itertools.pairwise(times)), default=(0, 0)
    )
    failed = [round(t - killed_at, 3) for t in record.failed_at]
    return {
        "confirmed": len(record.confirmed),
        "republished": record.republished,
        "nacked": record.failures["DeliveryError"],
        "failures": dict(record.failures),
        "failures_from_to_s_after_kill": [min(failed), max(failed)] if failed else None,
        "longest_confirm_gap_s": round(gap, 3),
        "gap_ended_s_after_kill": round(gap_end, 3),
        "consumed": sum(consumed.values()),
        "consumed_more_than_once": sum(1 for count in consumed.values() if count > 1),
        "consumed_unconfirmed": len(consumed.keys() - record.confirmed),
    }


async def test_no_confirmed_message_is_lost_when_the_leader_is_killed(
    cluster: LocalCluster, record_property: Callable[[str, object], None]
) -> None:
    declarations = three_member_declarations()
    arguments = declarations[WORK_QUEUE.name]
    assert arguments["x-dead-letter-strategy"] == "at-least-once"
    assert arguments["x-overflow"] == "reject-publish"
    assert "x-dead-letter-exchange" in arguments
    await declare_queues(cluster.nodes[0], declarations)
    leader_name, members = cluster.queue_members(WORK_QUEUE.name, cluster.nodes[0])
    assert sorted(members) == sorted(node.name for node in cluster.nodes)
    leader = next(node for node in cluster.nodes if node.name == leader_name)
    survivor = next(node for node in cluster.nodes if node is not leader)

    record, killed_at = await publish_through_kill(cluster, leader)
    elected = await asyncio.to_thread(new_leader, cluster, survivor, leader.name)
    consumed = await consume_everything(survivor)

    report = failover_report(record, killed_at, consumed)
    log.info("leader %s killed, %s elected: %s", leader.name, elected, report)
    record_property("quorum_failover", report)
    lost = sorted(record.confirmed - consumed.keys())
    assert not lost, f"{len(lost)} confirmed messages never consumed, e.g. {lost[:20]}; {report}"
    assert elected != leader.name
    assert consumed.keys() <= record.attempts.keys(), "consumed an id that was never published"
