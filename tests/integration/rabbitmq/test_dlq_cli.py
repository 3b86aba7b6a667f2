"""`dinner dlq` and `dinner rabbitmq declare` driven like an operator would, on a real broker.

The command-line tools run their own event loop, so each call runs in a thread of its own.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel, FieldValue
from typer.testing import CliRunner, Result

from cli import app
from cli import rabbitmq as rabbitmq_cli
from consumers.envelope import Envelope
from consumers.errors import PermanentError
from consumers.modes import OneAtATime
from consumers.registry import HandlerRegistry
from consumers.runtime import QueueConsumer
from rabbitmq import headers as h
from rabbitmq.dlq import DeadLetters
from rabbitmq.topology import DEFAULT_TOPOLOGY
from schemas.envelope import RecordedEvent
from schemas.events import OrderPlaced
from tests.support.broker import drain
from tests.support.consuming import publish_event, recorded

NOTIFICATIONS = DEFAULT_TOPOLOGY.queue("notifications")


class Cli:
    def __init__(self, amqp_url: str) -> None:
        self.runner = CliRunner()
        self.env = {"RABBITMQ_URL": amqp_url, "COLUMNS": "250"}

    async def __call__(self, *args: str, input: str | None = None) -> Result:
        return await asyncio.to_thread(
            self.runner.invoke, app, list(args), env=self.env, input=input
        )


@pytest.fixture
async def cli(amqp_url: str) -> Cli:
    cli = Cli(amqp_url)
    result = await cli("rabbitmq", "declare")
    assert result.exit_code == 0, result.output
    assert "25 queues" in result.output
    return cli


@pytest.fixture
def dead_letters(amqp_channel: AbstractChannel) -> DeadLetters:
    return DeadLetters(amqp_channel, DEFAULT_TOPOLOGY)


async def dead_letter_through_the_runtime(channel: AbstractChannel) -> RecordedEvent:
    """A handler of `notifications` that fails for good, so the runtime dead-letters the event."""

    async def broken(event: Envelope[OrderPlaced]) -> None:
        raise PermanentError("no such customer")

    handlers = HandlerRegistry().on(OrderPlaced, broken)
    consumer = QueueConsumer(channel, NOTIFICATIONS, OneAtATime(handlers))
    await consumer.start()
    event = recorded()
    await publish_event(channel, event)
    dead_letters = DeadLetters(channel, DEFAULT_TOPOLOGY)
    async with asyncio.timeout(10):
        while await dead_letters.count(NOTIFICATIONS.name) < 1:
            await asyncio.sleep(0.05)
    await consumer.stop()
    return event


async def put_dead_letters(channel: AbstractChannel, queue: str, count: int) -> None:
    """Messages as the runtime leaves them in `<queue>.dlq`, published there directly."""
    for n in range(count):
        headers: dict[str, FieldValue] = {
            h.ERROR: "timed out",
            h.ERROR_TYPE: "TransientError",
            h.ATTEMPTS: 4,
            h.ORIGINAL_ROUTING_KEY: "order.OrderPlaced",
            h.QUEUE: queue,
            h.FAILED_AT: datetime.now(UTC).isoformat(),
        }
        message = aio_pika.Message(
            body=json.dumps({"n": n}).encode(),
            headers=headers,
            message_id=f"m-{n}",
            type="OrderPlaced",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await channel.default_exchange.publish(message, f"{queue}.dlq")


def row(output: str, queue: str) -> str:
    (line,) = [line for line in output.splitlines() if f" {queue} " in line]
    return line


async def test_list_shows_each_queue_with_its_count_and_reason(
    cli: Cli, amqp_channel: AbstractChannel
) -> None:
    await dead_letter_through_the_runtime(amqp_channel)
    await put_dead_letters(amqp_channel, "ai.stt", 3)
    result = await cli("dlq", "list")
    assert result.exit_code == 0, result.output
    notifications = row(result.output, "notifications")
    assert " 1 " in notifications
    assert "1 × PermanentError: no such customer" in notifications
    assert "3 × TransientError: timed out" in row(result.output, "ai.stt")
    assert " 0 " in row(result.output, "projections")


async def test_show_prints_the_dead_letters_without_taking_them(
    cli: Cli, amqp_channel: AbstractChannel, dead_letters: DeadLetters
) -> None:
    event = await dead_letter_through_the_runtime(amqp_channel)
    table = await cli("dlq", "show", "notifications")
    assert table.exit_code == 0, table.output
    line = row(table.output, str(event.event_id))
    assert "OrderPlaced" in line and "PermanentError: no such customer" in line
    assert "order.OrderPlaced" in line

    lines = await cli("dlq", "show", "notifications.dlq", "--json")
    assert lines.exit_code == 0, lines.output
    (document,) = [json.loads(line) for line in lines.stdout.splitlines()]
    assert document["message_id"] == str(event.event_id)
    assert document["reason"] == "PermanentError: no such customer"
    assert document["attempts"] == 1
    assert document["body"]["event_id"] == str(event.event_id)
    assert await dead_letters.count("notifications") == 1


async def test_replay_moves_the_dead_letters_back_to_their_work_queue(
    cli: Cli, amqp_channel: AbstractChannel, dead_letters: DeadLetters
) -> None:
    await put_dead_letters(amqp_channel, "ai.llm", 15)
    declined = await cli("dlq", "replay", "ai.llm", input="n\n")
    assert declined.exit_code == 1
    assert await dead_letters.count("ai.llm") == 15

    some = await cli("dlq", "replay", "ai.llm", "--limit", "3", input="y\n")
    assert some.exit_code == 0, some.output
    assert "replayed 3 messages" in some.output

    rest = await cli("dlq", "replay", "ai.llm", "--yes")
    assert rest.exit_code == 0, rest.output
    assert "replayed 12 messages" in rest.output
    replayed = await drain(amqp_channel, "ai.llm", expected=15, timeout=10)
    assert sorted(json.loads(m.body)["n"] for m in replayed) == list(range(15))
    assert await dead_letters.count("ai.llm") == 0


async def test_show_with_a_limit_leaves_the_oldest_first_for_replay(
    cli: Cli, amqp_channel: AbstractChannel
) -> None:
    await put_dead_letters(amqp_channel, "projections", 5)
    shown = await cli("dlq", "show", "projections", "--limit", "2", "--json")
    assert [json.loads(line)["message_id"] for line in shown.stdout.splitlines()] == ["m-0", "m-1"]
    assert (await cli("dlq", "replay", "projections", "--limit", "2", "--yes")).exit_code == 0
    replayed = await drain(amqp_channel, "projections", expected=2, timeout=10)
    assert [message.message_id for message in replayed] == ["m-0", "m-1"]


async def test_purge_empties_the_dead_letter_queue(
    cli: Cli, amqp_channel: AbstractChannel, dead_letters: DeadLetters
) -> None:
    await put_dead_letters(amqp_channel, "ai.image", 4)
    result = await cli("dlq", "purge", "ai.image", "--yes")
    assert result.exit_code == 0, result.output
    assert "purged 4 messages from ai.image.dlq" in result.output
    assert await dead_letters.count("ai.image") == 0
    assert "nothing to purge" in (await cli("dlq", "purge", "ai.image")).output


@pytest.mark.parametrize("command", ["show", "replay", "purge"])
async def test_an_unknown_queue_exits_2_and_names_the_valid_ones(cli: Cli, command: str) -> None:
    result = await cli("dlq", command, "kitchen", "--yes" if command != "show" else "--json")
    assert result.exit_code == 2
    for work in DEFAULT_TOPOLOGY.work_queues:
        assert work.name in result.output


async def test_a_missing_topology_is_one_line_and_exit_1(amqp_url: str) -> None:
    result = await Cli(amqp_url)("dlq", "list")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "dinner rabbitmq declare" in result.output
    assert "Traceback" not in result.output


async def test_an_unreachable_broker_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rabbitmq_cli, "CONNECT_WAIT_SECONDS", 0.5)
    result = await Cli("amqp://guest:secret@127.0.0.1:1/")("dlq", "list")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1/" in result.output
    assert "secret" not in result.output and "Traceback" not in result.output
