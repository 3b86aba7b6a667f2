"""Puts the default catalogue on an empty menu stream, once, as ordinary menu events."""

from __future__ import annotations

import uuid
from datetime import datetime

from domain import MENU
from domain.catalogue import seed_commands
from eventstore.port import NO_STREAM, EventStore, WrongExpectedRevision
from schemas.envelope import Actor, EventMetadata
from schemas.events import DomainEvent
from schemas.registry import to_new_event
from schemas.streams import MENU_STREAM

SEED_ACTOR = Actor(user_id="menu-seed", role="system")


async def seed_menu(store: EventStore, now: datetime) -> int:
    """The number of items added: 0 when the menu already has a history."""
    state = MENU.initial_state()
    events: list[DomainEvent] = []
    for command in seed_commands(now):
        decided = MENU.decide(command, state)
        for event in decided:
            state = MENU.evolve(state, event)
        events.extend(decided)
    metadata = EventMetadata(correlation_id=f"seed:{uuid.uuid4()}", actor=SEED_ACTOR)
    envelopes = [
        to_new_event(e, metadata=metadata, event_id=uuid.uuid4(), recorded_at=now) for e in events
    ]
    try:
        await store.append(MENU_STREAM, envelopes, NO_STREAM)
    except WrongExpectedRevision:
        return 0
    return len(envelopes)
