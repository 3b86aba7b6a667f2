"""Specs for voice orders: submission, AI results (delivered at least once), accept and fail."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain import VOICE_ORDER, fold
from domain.errors import AlreadyExists, Forbidden, InvalidTransition, NotFound, RuleViolation
from domain.voice_order import place_order_from_draft
from schemas.commands import (
    AcceptVoiceOrder,
    FailVoiceOrder,
    RecordInterpretation,
    RecordTranscript,
    SubmitVoiceOrder,
)
from schemas.events import (
    OrderDraft,
    VoiceOrderAccepted,
    VoiceOrderFailed,
    VoiceOrderInterpreted,
    VoiceOrderSubmitted,
    VoiceTranscribed,
)
from tests.unit.factories import CUSTOMER, MENU_STATE, OTHER_CUSTOMER, at, lines
from tests.unit.spec import DeciderSpec

spec = DeciderSpec(VOICE_ORDER)
VOICE_ID = UUID("00000000-0000-4000-8000-0000000000a1")
REQUEST_ID = UUID("00000000-0000-4000-8000-0000000000a2")
ORDER_ID = UUID("00000000-0000-4000-8000-0000000000a3")
DRAFT = OrderDraft(
    items=lines(("valentine_dinner", 1, "deluxe")),
    requested_for=at(120),
    address="1 Main St",
)
SUBMIT = SubmitVoiceOrder(
    voice_order_id=VOICE_ID,
    customer_id=CUSTOMER,
    request_id=REQUEST_ID,
    audio_ref="media/a1.webm",
    content_type="audio/webm",
    duration_seconds=4.5,
    at=at(0),
)
SUBMITTED = VoiceOrderSubmitted(**SUBMIT.model_dump())
TRANSCRIBED = VoiceTranscribed(
    request_id=REQUEST_ID, transcript="one valentine dinner", language="en", at=at(1)
)
INTERPRETED = VoiceOrderInterpreted(request_id=REQUEST_ID, draft=DRAFT, confidence=0.9, at=at(2))
ACCEPTED = VoiceOrderAccepted(order_id=ORDER_ID, at=at(3))
FAILED = VoiceOrderFailed(stage="transcription", reason="inaudible", at=at(3))
HISTORY = {
    "submitted": [SUBMITTED],
    "transcribed": [SUBMITTED, TRANSCRIBED],
    "interpreted": [SUBMITTED, TRANSCRIBED, INTERPRETED],
    "accepted": [SUBMITTED, TRANSCRIBED, INTERPRETED, ACCEPTED],
    "failed": [SUBMITTED, FAILED],
}


def transcript(text="one valentine dinner", request_id=REQUEST_ID):
    return RecordTranscript(
        voice_order_id=VOICE_ID, request_id=request_id, transcript=text, language="en", at=at(1)
    )


def interpretation(draft=DRAFT, confidence=0.9, request_id=REQUEST_ID):
    return RecordInterpretation(
        voice_order_id=VOICE_ID,
        request_id=request_id,
        draft=draft,
        confidence=confidence,
        at=at(2),
    )


def accept(actor_id=CUSTOMER, actor_role="customer", order_id=ORDER_ID):
    return AcceptVoiceOrder(
        voice_order_id=VOICE_ID,
        order_id=order_id,
        actor_id=actor_id,
        actor_role=actor_role,
        at=at(3),
    )


def fail(stage="transcription", reason="inaudible"):
    return FailVoiceOrder(voice_order_id=VOICE_ID, stage=stage, reason=reason, at=at(3))


def test_a_voice_order_is_submitted():
    spec.given().when(SUBMIT).then(SUBMITTED)


def test_a_voice_order_is_submitted_once():
    spec.given(SUBMITTED).when(SUBMIT).then_fails(AlreadyExists, "voice_order_exists")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"content_type": "text/plain"}, "unsupported_audio"),
        ({"duration_seconds": 0}, "invalid_duration"),
        ({"audio_ref": ""}, "audio_ref_required"),
    ],
)
def test_an_invalid_submission_is_refused(changes, code):
    spec.given().when(SUBMIT.model_copy(update=changes)).then_fails(RuleViolation, code)


@pytest.mark.parametrize(
    "command", [transcript(), interpretation(), accept(), fail()], ids=lambda c: type(c).__name__
)
def test_commands_on_an_unknown_voice_order_are_not_found(command):
    spec.given().when(command).then_fails(NotFound, "voice_order_not_found")


def test_the_stages_follow_each_other():
    spec.given(HISTORY["submitted"]).when(transcript()).then(TRANSCRIBED)
    spec.given(HISTORY["transcribed"]).when(interpretation()).then(INTERPRETED)
    spec.given(HISTORY["interpreted"]).when(accept()).then(ACCEPTED)


@pytest.mark.parametrize("status", ["transcribed", "interpreted", "accepted"])
def test_a_repeated_transcript_is_a_no_op(status):
    spec.given(HISTORY[status]).when(transcript()).then_nothing()


@pytest.mark.parametrize("status", ["interpreted", "accepted"])
def test_a_repeated_interpretation_is_a_no_op(status):
    spec.given(HISTORY[status]).when(interpretation()).then_nothing()


def test_results_need_the_voice_orders_request():
    other = UUID("00000000-0000-4000-8000-0000000000ff")
    spec.given(SUBMITTED).when(transcript(request_id=other)).then_fails(
        RuleViolation, "request_mismatch"
    )
    spec.given(HISTORY["transcribed"]).when(interpretation(request_id=other)).then_fails(
        RuleViolation, "request_mismatch"
    )


def test_no_transcript_after_failure():
    spec.given(HISTORY["failed"]).when(transcript()).then_fails(
        InvalidTransition, "invalid_transition"
    )


def test_an_empty_transcript_is_refused():
    spec.given(SUBMITTED).when(transcript(text=" ")).then_fails(
        RuleViolation, "transcript_required"
    )


def test_no_interpretation_before_the_transcript():
    spec.given(SUBMITTED).when(interpretation()).then_fails(InvalidTransition, "invalid_transition")


@pytest.mark.parametrize("confidence", [-0.1, 1.5])
def test_confidence_lies_between_0_and_1(confidence):
    spec.given(HISTORY["transcribed"]).when(interpretation(confidence=confidence)).then_fails(
        RuleViolation, "confidence_out_of_range"
    )


@pytest.mark.parametrize("status", ["submitted", "transcribed", "failed"])
def test_accept_needs_an_interpretation(status):
    spec.given(HISTORY[status]).when(accept()).then_fails(InvalidTransition, "invalid_transition")


def test_accept_needs_a_draft_with_items():
    empty = INTERPRETED.model_copy(update={"draft": OrderDraft(items=())})
    spec.given(SUBMITTED, TRANSCRIBED, empty).when(accept()).then_fails(
        RuleViolation, "empty_draft"
    )


def test_another_customer_cannot_accept():
    spec.given(HISTORY["interpreted"]).when(accept(actor_id=OTHER_CUSTOMER)).then_fails(
        Forbidden, "not_owner"
    )


def test_a_repeated_accept_is_a_no_op_but_a_second_order_is_refused():
    spec.given(HISTORY["accepted"]).when(accept()).then_nothing()
    other = UUID("00000000-0000-4000-8000-0000000000ee")
    spec.given(HISTORY["accepted"]).when(accept(order_id=other)).then_fails(
        InvalidTransition, "invalid_transition"
    )


@pytest.mark.parametrize("status", ["submitted", "transcribed", "interpreted"])
def test_an_open_voice_order_may_fail(status):
    spec.given(HISTORY[status]).when(fail()).then(FAILED)


def test_a_repeated_failure_is_a_no_op():
    spec.given(HISTORY["failed"]).when(fail(reason="again")).then_nothing()


def test_an_accepted_voice_order_cannot_fail():
    spec.given(HISTORY["accepted"]).when(fail()).then_fails(InvalidTransition, "invalid_transition")


def test_a_failure_needs_a_reason():
    spec.given(SUBMITTED).when(fail(reason="")).then_fails(RuleViolation, "reason_required")


def test_the_draft_becomes_a_place_order_command():
    state = fold(VOICE_ORDER, HISTORY["interpreted"])
    command = place_order_from_draft(state, order_id=ORDER_ID, menu=MENU_STATE, at=at(3))
    assert (command.customer_id, command.lines, command.delivery.address) == (
        CUSTOMER,
        DRAFT.items,
        "1 Main St",
    )


def test_a_draft_without_delivery_needs_it_given():
    bare = INTERPRETED.model_copy(update={"draft": OrderDraft(items=DRAFT.items)})
    state = fold(VOICE_ORDER, [SUBMITTED, TRANSCRIBED, bare])
    with pytest.raises(RuleViolation) as raised:
        place_order_from_draft(state, order_id=ORDER_ID, menu=MENU_STATE, at=at(3))
    assert raised.value.code == "delivery_missing"
    command = place_order_from_draft(
        state,
        order_id=ORDER_ID,
        menu=MENU_STATE,
        at=at(3),
        address="2 Side St",
        requested_for=at(90),
    )
    assert command.delivery.requested_for == at(90)
