"""The dead-letter queues for the admin HTTP routes: a short connection per request.

Admins look at dead letters rarely, so neither API holds a broker connection for them. The
topology is declared first (every declaration is idempotent), so a queue that no consumer
has declared yet on this vhost reads as empty rather than failing the request.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from aiormq.exceptions import AMQPError

from rabbitmq.connection import connect
from rabbitmq.declare import declare_topology
from rabbitmq.dlq import DeadLetter, DeadLetters
from rabbitmq.topology import DEFAULT_TOPOLOGY

CONNECT_WAIT_SECONDS = 3.0
# Dead letters read per queue to count them exactly (as `dinner dlq list` does).
COUNT_LIMIT = 10_000


class BrokerUnavailable(Exception):
    """RabbitMQ could not be reached, or refused the operation."""


def work_queues() -> list[str]:
    return [queue.name for queue in DEFAULT_TOPOLOGY.work_queues]


@asynccontextmanager
async def dead_letters(url: str) -> AsyncIterator[DeadLetters]:
    try:
        async with asyncio.timeout(CONNECT_WAIT_SECONDS + 5):
            connection = await connect(url, name="dinner-admin", wait_seconds=CONNECT_WAIT_SECONDS)
    except (OSError, AMQPError, TimeoutError) as error:
        raise BrokerUnavailable(str(error)) from error
    try:
        channel = await connection.channel(publisher_confirms=True)
        await declare_topology(channel, DEFAULT_TOPOLOGY)
        yield DeadLetters(channel, DEFAULT_TOPOLOGY)
    except AMQPError as error:
        raise BrokerUnavailable(str(error)) from error
    finally:
        await connection.close()


def document(letter: DeadLetter) -> dict[str, Any]:
    """A dead letter as JSON: its body decoded when it is JSON, else in base64."""
    fields = {key: value for key, value in vars(letter).items() if key != "body"}
    try:
        return {**fields, "body": orjson.loads(letter.body), "body_base64": None}
    except orjson.JSONDecodeError:
        return {**fields, "body": None, "body_base64": base64.b64encode(letter.body).decode()}
