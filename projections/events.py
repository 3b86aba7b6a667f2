"""Events as the read side sees them: plain payloads, already upcast, no domain classes.

The read side folds payload dictionaries rather than domain events, so it never imports the
write side's rules and a rebuild of millions of events skips per-event model validation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple
from uuid import UUID

from consumers.envelope import Envelope
from privacy.personal_data import PersonalData
from schemas.envelope import RecordedEvent
from schemas.events import DomainEvent
from schemas.streams import StreamId
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
        return StreamId.category_of(self.stream_id)

    @property
    def aggregate_id(self) -> str:
        return str(StreamId.parse(self.stream_id).id or self.stream_id)

    @property
    def aggregate_uuid(self) -> UUID:
        return StreamId.uuid_of(self.stream_id)


def projected(event: RecordedEvent) -> ProjectedEvent:
    """An event read from the store, upcast on the way (the consumer path decodes once,
    into an envelope: see `from_envelope`)."""
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


def from_envelope(envelope: Envelope[DomainEvent]) -> ProjectedEvent:
    """An event the consumer runtime already decoded: its typed event is already at the
    current version, and its plain payload is that event as it is stored."""
    return ProjectedEvent(
        envelope.event_id,
        envelope.stream_id,
        envelope.revision,
        envelope.position,
        envelope.type,
        envelope.event.model_dump(mode="json"),
        envelope.recorded_at,
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
