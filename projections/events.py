"""Events as the read side sees them: plain payloads, already upcast, no domain classes.

The read side folds payload dictionaries rather than domain events, so it never imports the
write side's rules and a rebuild of millions of events skips per-event model validation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple
from uuid import UUID

from dinner.privacy.personal_data import PersonalData
from schemas.envelope import RecordedEvent
from schemas.upcasting import upcast

if TYPE_CHECKING:
    from eventstore.postgres import LogRow


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
        return _split(self.stream_id)[0]

    @property
    def aggregate_id(self) -> str:
        return _split(self.stream_id)[1]

    @property
    def aggregate_uuid(self) -> UUID:
        return _uuid(_split(self.stream_id)[1])


# A rebuild asks for these millions of times for a few hundred thousand streams.
@lru_cache(maxsize=65_536)
def _split(stream_id: str) -> tuple[str, str]:
    category, _, rest = stream_id.partition("-")
    return category, rest or stream_id


@lru_cache(maxsize=65_536)
def _uuid(text: str) -> UUID:
    return UUID(text)


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


def from_log_row(row: LogRow) -> ProjectedEvent:
    """A raw row of the store's log, upcast like `projected` but without the envelope model."""
    event_id, stream_id, revision, position, type_, version, recorded_at, data = row
    _, data = upcast(type_, version, data)
    return ProjectedEvent(event_id, stream_id, revision, position, type_, data, recorded_at)


async def revealed(
    personal: PersonalData, events: Sequence[ProjectedEvent]
) -> list[ProjectedEvent]:
    """`events` with their personal fields decrypted (or "[redacted]" once forgotten)."""
    data = await personal.reveal([(event.type, event.data) for event in events])
    return [
        event if plain is event.data else event._replace(data=plain)
        for event, plain in zip(events, data, strict=True)
    ]
