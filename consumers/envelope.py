"""An event as a handler receives it: decoded once, upcast to its current version, typed.

The runtime turns each message into an `Envelope` before any handler runs, so a handler reads
`envelope.event.voice_order_id`, never a raw payload, and nothing downstream validates or
upcasts the same event again. What cannot become an envelope is dead-lettered by the runtime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from aio_pika.abc import AbstractIncomingMessage

from rabbitmq.messages import MAX_BODY_BYTES, from_message
from schemas.envelope import EventMetadata, RecordedEvent
from schemas.events import DomainEvent
from schemas.registry import from_recorded
from schemas.streams import StreamId

E_co = TypeVar("E_co", bound=DomainEvent, covariant=True)


@dataclass(frozen=True, slots=True)
class Envelope(Generic[E_co]):
    """The recorded event's place in the log and its metadata, around the domain event."""

    event_id: UUID
    stream_id: str
    type: str
    revision: int
    position: int
    recorded_at: datetime
    metadata: EventMetadata
    event: E_co

    @property
    def schema_version(self) -> int:
        """The version `event` has (the current one), whatever version was stored."""
        return self.event.schema_version

    @property
    def category(self) -> str:
        return StreamId.category_of(self.stream_id)


def opened(recorded: RecordedEvent) -> Envelope[DomainEvent]:
    """Raises `EventDecodingError` for a type outside the catalogue or a payload off its schema."""
    return Envelope(
        event_id=recorded.event_id,
        stream_id=recorded.stream_id,
        type=recorded.type,
        revision=recorded.revision,
        position=recorded.position,
        recorded_at=recorded.recorded_at,
        metadata=recorded.metadata,
        event=from_recorded(recorded),
    )


def decoded(
    message: AbstractIncomingMessage, *, max_body_bytes: int = MAX_BODY_BYTES
) -> Envelope[DomainEvent]:
    """Raises `UndecodableMessage` (not an envelope) or `EventDecodingError` (not an event)."""
    return opened(from_message(message, max_body_bytes=max_body_bytes))
