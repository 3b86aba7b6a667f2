"""The topology, declared on a real broker and read back through its management API."""

from __future__ import annotations

from aio_pika.abc import AbstractChannel

from rabbitmq.declare import declare_topology
from rabbitmq.management import Management
from rabbitmq.topology import DEFAULT_TOPOLOGY


async def test_every_queue_is_quorum_with_its_dead_lettering_and_retry_ladder(
    amqp_url: str, amqp_channel: AbstractChannel
) -> None:
    await declare_topology(amqp_channel, DEFAULT_TOPOLOGY)
    await declare_topology(amqp_channel, DEFAULT_TOPOLOGY)  # idempotent
    async with Management(amqp_url) as management:
        queues = {q["name"]: q for q in await management.queues()}
        bindings = await management.bindings()
        exchange = await management.exchange("dinner.events")

    assert exchange["type"] == "topic" and exchange["durable"] is True
    assert all(q["type"] == "quorum" and q["durable"] for q in queues.values())
    for work in DEFAULT_TOPOLOGY.work_queues:
        arguments = queues[work.name]["arguments"]
        assert arguments["x-dead-letter-exchange"] == ""
        assert arguments["x-dead-letter-routing-key"] == f"{work.name}.dlq"
        assert arguments["x-dead-letter-strategy"] == "at-least-once"
        assert arguments["x-overflow"] == "reject-publish"
        assert arguments["x-delivery-limit"] == work.delivery_limit
        assert arguments.get("x-single-active-consumer", False) == work.single_active_consumer
        for delay in (1, 2, 4):
            retry = queues[f"{work.name}.retry.{delay}s"]["arguments"]
            assert retry["x-message-ttl"] == delay * 1000
            assert retry["x-dead-letter-routing-key"] == work.name
            assert retry["x-dead-letter-strategy"] == "at-least-once"
            assert retry["x-overflow"] == "reject-publish"
        assert f"{work.name}.dlq" in queues
        bound = {
            b["routing_key"]
            for b in bindings
            if b["destination"] == work.name and b["source"] == "dinner.events"
        }
        assert bound == set(work.bindings)
    assert len(queues) == 5 * len(DEFAULT_TOPOLOGY.work_queues)
