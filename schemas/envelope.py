"""The event envelope of DESIGN.md: what the store records and the broker carries."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from schemas.streams import StreamId
from schemas.vocabulary import Role


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: str
    role: Role


class EventMetadata(BaseModel):
    """Who caused an event and why; the hashes are filled in by the event store at append."""

    model_config = ConfigDict(frozen=True)

    correlation_id: str
    causation_id: str | None = None
    actor: Actor
    prev_hash: str | None = None
    hash: str | None = None


class NewEvent(BaseModel):
    """An event on its way into the store: no revision, position or hash yet."""

    model_config = ConfigDict(frozen=True)

    event_id: UUID
    type: str
    schema_version: int = Field(ge=1)
    data: dict[str, Any]
    metadata: EventMetadata
    recorded_at: AwareDatetime


class RecordedEvent(BaseModel):
    """An event as stored: `revision` counts within its stream, `position` across all streams."""

    model_config = ConfigDict(frozen=True)

    event_id: UUID
    stream_id: str
    type: str
    schema_version: int
    revision: int
    position: int
    recorded_at: datetime
    data: dict[str, Any]
    metadata: EventMetadata

    @property
    def category(self) -> str:
        return StreamId.category_of(self.stream_id)
