"""From domain events to envelopes and back, by stable type name and schema version."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from schemas.envelope import EventMetadata, NewEvent, RecordedEvent
from schemas.events import (
    MENU_EVENT_CLASSES,
    ORDER_EVENT_CLASSES,
    USER_EVENT_CLASSES,
    VOICE_ORDER_EVENT_CLASSES,
    DomainEvent,
)
from schemas.upcasting import upcast

EVENT_CLASSES: dict[str, type[DomainEvent]] = {
    cls.event_type: cls
    for cls in (
        *ORDER_EVENT_CLASSES,
        *MENU_EVENT_CLASSES,
        *VOICE_ORDER_EVENT_CLASSES,
        *USER_EVENT_CLASSES,
    )
}


class EventDecodingError(ValueError):
    """A stored or received event that this code can never turn into a domain event."""


class UnknownEventType(EventDecodingError):
    def __init__(self, event_type: str) -> None:
        super().__init__(f"unknown event type {event_type!r}")
        self.event_type = event_type


class UnsupportedSchemaVersion(EventDecodingError):
    def __init__(self, event_type: str, version: int, current: int) -> None:
        super().__init__(
            f"{event_type} schema version {version} cannot be read (this code knows {current})"
        )
        self.event_type = event_type
        self.version = version


class InvalidEventData(EventDecodingError):
    def __init__(self, event_type: str, error: ValidationError | LookupError | TypeError) -> None:
        super().__init__(f"{event_type} payload does not match its schema: {error}")
        self.event_type = event_type


def to_new_event(
    event: DomainEvent, *, metadata: EventMetadata, event_id: UUID, recorded_at: datetime
) -> NewEvent:
    return NewEvent(
        event_id=event_id,
        type=event.event_type,
        schema_version=event.schema_version,
        data=event.model_dump(mode="json"),
        metadata=metadata,
        recorded_at=recorded_at,
    )


def decode_event(event_type: str, schema_version: int, data: dict[str, Any]) -> DomainEvent:
    """Upcast a payload to the current version and validate it into its event class."""
    cls = EVENT_CLASSES.get(event_type)
    if cls is None:
        raise UnknownEventType(event_type)
    try:
        version, current_data = upcast(event_type, schema_version, data)
    except (LookupError, TypeError) as error:  # an old shape missing what its upcaster reads
        raise InvalidEventData(event_type, error) from error
    if version != cls.schema_version:
        raise UnsupportedSchemaVersion(event_type, schema_version, cls.schema_version)
    try:
        return cls.model_validate(current_data)
    except ValidationError as error:
        raise InvalidEventData(event_type, error) from error


def from_recorded(recorded: RecordedEvent) -> DomainEvent:
    return decode_event(recorded.type, recorded.schema_version, recorded.data)


def routing_key(recorded: RecordedEvent) -> str:
    """`<category>.<Type>`, e.g. `order.OrderPlaced`."""
    return f"{recorded.category}.{recorded.type}"
