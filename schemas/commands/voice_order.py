"""Commands on a voice order: the customer submits and accepts, the AI worker records results."""

from __future__ import annotations

from typing import TypeAlias
from uuid import UUID

from pydantic import AwareDatetime

from schemas.commands.base import Command
from schemas.events.voice_order import OrderDraft, VoiceStage
from schemas.vocabulary import Role


class SubmitVoiceOrder(Command):
    voice_order_id: UUID
    customer_id: str
    request_id: UUID
    audio_ref: str
    content_type: str
    duration_seconds: float | None = None
    at: AwareDatetime


class RecordTranscript(Command):
    voice_order_id: UUID
    request_id: UUID
    transcript: str
    language: str | None = None
    at: AwareDatetime


class RecordInterpretation(Command):
    voice_order_id: UUID
    request_id: UUID
    draft: OrderDraft
    confidence: float
    at: AwareDatetime


class AcceptVoiceOrder(Command):
    """`order_id` is minted by the caller; the same id is used for the resulting PlaceOrder."""

    voice_order_id: UUID
    order_id: UUID
    actor_id: str
    actor_role: Role
    at: AwareDatetime


class FailVoiceOrder(Command):
    voice_order_id: UUID
    stage: VoiceStage
    reason: str
    at: AwareDatetime


VoiceOrderCommand: TypeAlias = (
    SubmitVoiceOrder | RecordTranscript | RecordInterpretation | AcceptVoiceOrder | FailVoiceOrder
)
