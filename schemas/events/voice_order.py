"""Events of a voice order stream (`voice-<uuid>`)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, TypeAlias
from uuid import UUID

from pydantic import AwareDatetime, Field

from schemas.events.base import DomainEvent
from schemas.values import FrozenModel, RequestedLine

VoiceStage = Literal["upload", "transcription", "interpretation"]


class OrderDraft(FrozenModel):
    """What the interpreter understood; the customer confirms it before it becomes an order."""

    items: tuple[RequestedLine, ...]
    requested_for: AwareDatetime | None = None
    address: str | None = None
    note: str | None = None


class VoiceOrderSubmitted(DomainEvent):
    event_type: ClassVar[str] = "VoiceOrderSubmitted"

    voice_order_id: UUID
    customer_id: str
    request_id: UUID
    audio_ref: str
    content_type: str
    duration_seconds: float | None = None
    at: AwareDatetime


class VoiceTranscribed(DomainEvent):
    event_type: ClassVar[str] = "VoiceTranscribed"

    request_id: UUID
    transcript: str
    language: str | None = None
    at: AwareDatetime


class VoiceOrderInterpreted(DomainEvent):
    event_type: ClassVar[str] = "VoiceOrderInterpreted"

    request_id: UUID
    draft: OrderDraft
    confidence: Annotated[float, Field(ge=0.0, le=1.0)]
    at: AwareDatetime


class VoiceOrderAccepted(DomainEvent):
    event_type: ClassVar[str] = "VoiceOrderAccepted"

    order_id: UUID
    at: AwareDatetime


class VoiceOrderFailed(DomainEvent):
    event_type: ClassVar[str] = "VoiceOrderFailed"

    stage: VoiceStage
    reason: str
    at: AwareDatetime


VoiceOrderEvent: TypeAlias = (
    VoiceOrderSubmitted
    | VoiceTranscribed
    | VoiceOrderInterpreted
    | VoiceOrderAccepted
    | VoiceOrderFailed
)
