"""Small builders of envelopes for store-level tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from schemas.envelope import Actor, EventMetadata, NewEvent


def new_event(
    type_: str = "SomethingHappened", data: dict[str, Any] | None = None, **overrides: Any
) -> NewEvent:
    fields: dict[str, Any] = {
        "event_id": uuid.uuid4(),
        "type": type_,
        "schema_version": 1,
        "data": data if data is not None else {"n": 1},
        "metadata": EventMetadata(
            correlation_id=str(uuid.uuid4()), actor=Actor(user_id="tester", role="system")
        ),
        "recorded_at": datetime.now(UTC),
    }
    fields.update(overrides)
    return NewEvent(**fields)


def new_events(count: int, type_: str = "SomethingHappened") -> list[NewEvent]:
    return [new_event(type_, {"n": n}) for n in range(count)]
