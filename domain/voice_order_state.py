"""The state of one voice order, folded from its events."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import assert_never
from uuid import UUID

from schemas.events.voice_order import (
    OrderDraft,
    VoiceOrderAccepted,
    VoiceOrderEvent,
    VoiceOrderFailed,
    VoiceOrderInterpreted,
    VoiceOrderSubmitted,
    VoiceStage,
    VoiceTranscribed,
)
from schemas.vocabulary import VoiceOrderStatus


@dataclass(frozen=True)
class VoiceOrderState:
    status: VoiceOrderStatus | None = None
    voice_order_id: UUID | None = None
    customer_id: str | None = None
    request_id: UUID | None = None
    transcript: str | None = None
    language: str | None = None
    draft: OrderDraft | None = None
    confidence: float | None = None
    order_id: UUID | None = None
    failed_stage: VoiceStage | None = None
    failure_reason: str | None = None


def initial_state() -> VoiceOrderState:
    return VoiceOrderState()


def evolve(state: VoiceOrderState, event: VoiceOrderEvent) -> VoiceOrderState:
    match event:
        case VoiceOrderSubmitted():
            return VoiceOrderState(
                status="submitted",
                voice_order_id=event.voice_order_id,
                customer_id=event.customer_id,
                request_id=event.request_id,
            )
        case VoiceTranscribed():
            return replace(
                state, status="transcribed", transcript=event.transcript, language=event.language
            )
        case VoiceOrderInterpreted():
            return replace(
                state, status="interpreted", draft=event.draft, confidence=event.confidence
            )
        case VoiceOrderAccepted():
            return replace(state, status="accepted", order_id=event.order_id)
        case VoiceOrderFailed():
            return replace(
                state, status="failed", failed_stage=event.stage, failure_reason=event.reason
            )
        case _:
            assert_never(event)
