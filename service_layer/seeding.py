"""Puts the default catalogue on an empty menu, once, as ordinary menu events."""

from __future__ import annotations

import uuid
from datetime import datetime

from domain.catalogue import seed_menu_command
from schemas.envelope import Actor, EventMetadata
from service_layer.context import CommandContext
from service_layer.service import CommandService

SEED_ACTOR = Actor(user_id="menu-seed", role="system")


async def seed_menu(service: CommandService, now: datetime) -> int:
    """The number of items added: 0 when the menu already has a history."""
    metadata = EventMetadata(correlation_id=f"seed:{uuid.uuid4()}", actor=SEED_ACTOR)
    result = await service.handle(seed_menu_command(now), CommandContext(metadata))
    return len(result.events)
