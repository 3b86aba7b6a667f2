"""Events as the read side sees them: plain payloads, already upcast, no domain classes.

The read side folds payload dictionaries rather than domain events, so it never imports the
write side's rules and a rebuild of millions of events skips per-event model validation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

from schemas.envelope import RecordedEvent
from schemas.upcasting import upcast


class ProjectedEvent(NamedTuple):
    event_id: UUID
    stream_id: str
    revision: int
    position: int
    type: str
    data: dict[str, Any]
    recorded_at: datetime

    @property
    def category(self) -> str:
        return self.stream_id.split("-", 1)[0]

    @property
    def aggregate_id(self) -> str:
        return self.stream_id.split("-", 1)[1] if "-" in self.stream_id else self.stream_id


def projected(event: RecordedEvent) -> ProjectedEvent:
    _, data = upcast(event.type, event.schema_version, event.data)
    return ProjectedEvent(
        event.event_id,
        event.stream_id,
        event.revision,
        event.position,
        event.type,
        data,
        event.recorded_at,
    )
