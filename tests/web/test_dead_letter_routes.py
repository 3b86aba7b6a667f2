"""The routes behind the admin's dead-letter screen: list, show and replay, against the real
broker on a vhost of this test's own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aio_pika
import pytest

from command_api.app import create_app as create_command_app
from query_api.app import create_app as create_query_app
from rabbitmq import headers as h
from rabbitmq.declare import declare_topology
from rabbitmq.topology import DEFAULT_TOPOLOGY
from tests.support import apps as support_apps
from tests.support.apps import ApiClient, running
from tests.support.broker import drain, open_channel

LETTER = b'{"type": "OrderPlaced", "data": {"note": "poison"}}'


@pytest.fixture
async def apis(
    read_side: str, amqp_url: str, tmp_path: Path
) -> AsyncIterator[tuple[ApiClient, ApiClient]]:
    settings = support_apps.test_settings(read_side, rabbitmq_url=amqp_url, media_dir=tmp_path)
    async with (
        running(create_command_app(settings), settings) as command,
        running(create_query_app(settings), settings) as query,
    ):
        yield command, query


async def plant_dead_letter(amqp_url: str) -> None:
    connection, channel = await open_channel(amqp_url)
    async with connection:
        await declare_topology(channel, DEFAULT_TOPOLOGY)
        message = aio_pika.Message(
            LETTER,
            message_id="m-1",
            type="OrderPlaced",
            headers={
                h.ERROR: "no handler could read it",
                h.ERROR_TYPE: "PermanentError",
                h.ATTEMPTS: 3,
                h.ORIGINAL_ROUTING_KEY: "order.OrderPlaced",
            },
        )
        await channel.default_exchange.publish(message, "notifications.dlq")


async def test_an_admin_sees_a_dead_letter_and_replays_it_to_its_work_queue(
    apis: tuple[ApiClient, ApiClient], amqp_url: str
) -> None:
    command, query = apis
    admin = query.auth("ops-admin", "admin")
    await plant_dead_letter(amqp_url)

    listed = await query.http.get("/api/admin/dead-letters", headers=admin)
    assert listed.status_code == 200, listed.text
    counts = {q["queue"]: q["messages"] for q in listed.json()["queues"]}
    assert counts == {queue.name: 0 for queue in DEFAULT_TOPOLOGY.work_queues} | {
        "notifications": 1
    }

    shown = await query.http.get("/api/admin/dead-letters/notifications", headers=admin)
    assert shown.status_code == 200, shown.text
    [letter] = shown.json()["letters"]
    assert letter["reason"] == "PermanentError: no handler could read it"
    assert (letter["event_type"], letter["attempts"]) == ("OrderPlaced", 3)
    assert letter["body"] == {"type": "OrderPlaced", "data": {"note": "poison"}}

    replayed = await command.http.post(
        "/api/admin/dead-letters/notifications/replay", headers=command.auth("ops-admin", "admin")
    )
    assert replayed.json() == {"queue": "notifications", "replayed": 1}
    connection, channel = await open_channel(amqp_url)
    async with connection:
        [back] = await drain(channel, "notifications", expected=1)
    assert back.body == LETTER
    assert h.ERROR in (back.headers or {})  # why it failed stays with it for the next try
    after = await query.http.get("/api/admin/dead-letters", headers=admin)
    assert all(q["messages"] == 0 for q in after.json()["queues"])


async def test_an_unknown_queue_is_a_404_that_names_the_real_ones(
    apis: tuple[ApiClient, ApiClient],
) -> None:
    command, query = apis
    shown = await query.http.get(
        "/api/admin/dead-letters/kitchen", headers=query.auth("ops-admin", "admin")
    )
    assert shown.status_code == 404
    assert "notifications" in shown.json()["detail"]
    replayed = await command.http.post(
        "/api/admin/dead-letters/kitchen/replay", headers=command.auth("ops-admin", "admin")
    )
    assert replayed.status_code == 404
