"""The voice order decider: `submitted → transcribed → interpreted → accepted`, or `failed`.

The AI worker records results at least once, so a result for a stage already passed is a no-op.
"""

from __future__ import annotations

from typing import assert_never
from uuid import UUID

from domain.errors import AlreadyExists, NotFound, RuleViolation
from domain.guards import require_owner_or_staff, require_status, require_text
from domain.voice_draft import place_order_from_draft
from domain.voice_order_state import VoiceOrderState, evolve, initial_state
from schemas.commands.voice_order import (
    AcceptVoiceOrder,
    FailVoiceOrder,
    RecordInterpretation,
    RecordTranscript,
    SubmitVoiceOrder,
    VoiceOrderCommand,
)
from schemas.events.voice_order import (
    VoiceOrderAccepted,
    VoiceOrderEvent,
    VoiceOrderFailed,
    VoiceOrderInterpreted,
    VoiceOrderSubmitted,
    VoiceTranscribed,
)
from schemas.vocabulary import OPEN_VOICE_ORDER_STATUSES

__all__ = [
    "VoiceOrderState",
    "decide",
    "evolve",
    "initial_state",
    "place_order_from_draft",
]


def decide(command: VoiceOrderCommand, state: VoiceOrderState) -> list[VoiceOrderEvent]:
    if state.status is None and not isinstance(command, SubmitVoiceOrder):
        raise NotFound("voice_order_not_found", f"no voice order {command.voice_order_id}")
    match command:
        case SubmitVoiceOrder():
            return _submit(command, state)
        case RecordTranscript():
            return _record_transcript(command, state)
        case RecordInterpretation():
            return _record_interpretation(command, state)
        case AcceptVoiceOrder():
            return _accept(command, state)
        case FailVoiceOrder():
            return _fail(command, state)
        case _:
            assert_never(command)


def _submit(command: SubmitVoiceOrder, state: VoiceOrderState) -> list[VoiceOrderEvent]:
    if state.status is not None:
        raise AlreadyExists("voice_order_exists", f"voice order {command.voice_order_id} exists")
    if not command.content_type.startswith("audio/"):
        raise RuleViolation("unsupported_audio", f"{command.content_type!r} is not audio")
    if command.duration_seconds is not None and command.duration_seconds <= 0:
        raise RuleViolation("invalid_duration", "the recording has no duration")
    require_text(command.audio_ref, "audio_ref_required", "the audio reference")
    return [VoiceOrderSubmitted(**command.model_dump())]


def _record_transcript(command: RecordTranscript, state: VoiceOrderState) -> list[VoiceOrderEvent]:
    _require_request(state, command.request_id)
    if state.transcript is not None:
        return []
    require_status(state.status, {"submitted"}, "record a transcript")
    require_text(command.transcript, "transcript_required", "the transcript")
    event = VoiceTranscribed(
        request_id=command.request_id,
        transcript=command.transcript,
        language=command.language,
        at=command.at,
    )
    return [event]


def _record_interpretation(
    command: RecordInterpretation, state: VoiceOrderState
) -> list[VoiceOrderEvent]:
    _require_request(state, command.request_id)
    if state.draft is not None:
        return []
    require_status(state.status, {"transcribed"}, "record an interpretation")
    if not 0.0 <= command.confidence <= 1.0:
        raise RuleViolation("confidence_out_of_range", "confidence must be between 0 and 1")
    event = VoiceOrderInterpreted(
        request_id=command.request_id,
        draft=command.draft,
        confidence=command.confidence,
        at=command.at,
    )
    return [event]


def _accept(command: AcceptVoiceOrder, state: VoiceOrderState) -> list[VoiceOrderEvent]:
    require_owner_or_staff(state.customer_id, command.actor_id, command.actor_role)
    if state.status == "accepted" and state.order_id == command.order_id:
        return []
    require_status(state.status, {"interpreted"}, "accept")
    if state.draft is None or not state.draft.items:
        raise RuleViolation("empty_draft", "the draft has no items to order")
    return [VoiceOrderAccepted(order_id=command.order_id, at=command.at)]


def _fail(command: FailVoiceOrder, state: VoiceOrderState) -> list[VoiceOrderEvent]:
    if state.status == "failed" and state.failed_stage == command.stage:
        return []
    require_status(state.status, OPEN_VOICE_ORDER_STATUSES, "fail")
    require_text(command.reason, "reason_required", "the reason")
    return [VoiceOrderFailed(stage=command.stage, reason=command.reason, at=command.at)]


def _require_request(state: VoiceOrderState, request_id: UUID) -> None:
    if request_id != state.request_id:
        raise RuleViolation("request_mismatch", f"request {request_id} is not this voice order's")
