"""Where AI results go: back into the event store as commands, and out on Redis for pushes.

Writing results as commands through the ordinary handler means they are decided by the
domain (a repeated result is a no-op), audited, hash-chained and projected like anything
else. Each result is also published on `ai:result:<request_id>` for live pushes.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
import redis.asyncio as redis

from consumers.envelope import Envelope
from dinner.clock import Clock
from schemas.channels import ai_result_channel
from schemas.commands import Command
from schemas.envelope import Actor, EventMetadata
from schemas.events import DomainEvent
from service_layer import CommandContext, CommandService

log = logging.getLogger(__name__)

WORKER = Actor(user_id="ai-worker", role="system")


class Results:
    def __init__(self, commands: CommandService, client: redis.Redis, clock: Clock) -> None:
        self._commands = commands
        self._client = client
        self.clock = clock

    async def record(self, command: Command, cause: Envelope[DomainEvent]) -> None:
        metadata = EventMetadata(
            correlation_id=cause.metadata.correlation_id,
            causation_id=str(cause.event_id),
            actor=WORKER,
        )
        await self._commands.handle(command, CommandContext(metadata))

    async def publish(self, request_id: object, payload: dict[str, Any]) -> None:
        try:
            await self._client.publish(
                ai_result_channel(request_id),
                orjson.dumps({"request_id": str(request_id), **payload}),
            )
        except redis.RedisError as error:
            # The result is in the event store and reaches clients through it; a push is a bonus.
            log.warning("could not publish the result of %s: %s", request_id, error)
