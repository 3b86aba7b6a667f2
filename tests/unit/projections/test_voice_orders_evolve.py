"""The voice orders read model's `evolve`: status, transcript, draft and outcome per voice order."""

from __future__ import annotations

import copy
from uuid import UUID

import pytest

from domain import VOICE_ORDER, fold
from projections.voice_orders import evolve
from schemas.events import (
    OrderDraft,
    VoiceOrderAccepted,
    VoiceOrderFailed,
    VoiceOrderInterpreted,
    VoiceOrderSubmitted,
    VoiceTranscribed,
)
from schemas.streams import StreamId
from tests.unit.factories import CUSTOMER, ORDER_ID, at, lines
from tests.unit.projections.history import as_projected, rows_after_each

VOICE_ORDER_ID = UUID("00000000-0000-4000-8000-0000000000a1")
REQUEST_ID = UUID("00000000-0000-4000-8000-0000000000a2")
STREAM = StreamId.voice_order(VOICE_ORDER_ID)
DRAFT = OrderDraft(items=lines(("coffee", 2)), note="hot")

SUBMITTED = VoiceOrderSubmitted(
    voice_order_id=VOICE_ORDER_ID,
    customer_id=CUSTOMER,
    request_id=REQUEST_ID,
    audio_ref="media/a1.ogg",
    content_type="audio/ogg",
    at=at(0),
)
TRANSCRIBED = VoiceTranscribed(request_id=REQUEST_ID, transcript="two hot coffees", at=at(1))
INTERPRETED = VoiceOrderInterpreted(request_id=REQUEST_ID, draft=DRAFT, confidence=0.9, at=at(2))
ACCEPTED = VoiceOrderAccepted(order_id=ORDER_ID, at=at(3))
HAPPY_PATH = [SUBMITTED, TRANSCRIBED, INTERPRETED, ACCEPTED]


def rows(*events):
    return rows_after_each(evolve, as_projected(events, STREAM))


def test_a_submitted_voice_order_becomes_a_row_waiting_for_its_transcript():
    (submitted,) = as_projected([SUBMITTED], STREAM)
    assert evolve(None, submitted) == {
        "voice_order_id": VOICE_ORDER_ID,
        "customer_id": CUSTOMER,
        "status": "submitted",
        "request_id": REQUEST_ID,
        "audio_ref": "media/a1.ogg",
        "transcript": None,
        "draft": None,
        "confidence": None,
        "order_id": None,
        "failed_stage": None,
        "failure_reason": None,
        "submitted_at": at(0),
        "updated_at": submitted.recorded_at,
        "revision": 0,
        "position": 1,
    }


def test_the_happy_path_fills_in_transcript_draft_and_order():
    after = rows(*HAPPY_PATH)

    assert [row["status"] for row in after] == [
        "submitted",
        "transcribed",
        "interpreted",
        "accepted",
    ]
    assert [row["revision"] for row in after] == [0, 1, 2, 3]
    final = after[-1]
    assert final["transcript"] == "two hot coffees"
    assert final["draft"] == DRAFT.model_dump(mode="json")
    assert final["confidence"] == 0.9
    assert final["order_id"] == ORDER_ID
    assert final["submitted_at"] == at(0)


@pytest.mark.parametrize(
    "stage, reached", [("upload", 1), ("transcription", 1), ("interpretation", 2)]
)
def test_a_failure_records_its_stage_and_reason_and_keeps_what_came_before(stage, reached):
    failed = VoiceOrderFailed(stage=stage, reason="no speech", at=at(5))
    *_, row = rows(*HAPPY_PATH[:reached], failed)

    assert (row["status"], row["failed_stage"], row["failure_reason"]) == (
        "failed",
        stage,
        "no speech",
    )
    assert row["transcript"] == (TRANSCRIBED.transcript if reached > 1 else None)


@pytest.mark.parametrize("length", [1, 2, 3, 4])
def test_the_row_agrees_with_the_write_sides_voice_order(length):
    events = HAPPY_PATH[:length]
    *_, row = rows(*events)
    state = fold(VOICE_ORDER, events)

    assert row["status"] == state.status
    assert row["transcript"] == state.transcript
    assert row["order_id"] == state.order_id
    assert row["confidence"] == state.confidence


def test_an_event_for_a_voice_order_never_submitted_is_refused():
    _, transcribed = as_projected([SUBMITTED, TRANSCRIBED], STREAM)
    with pytest.raises(LookupError):
        evolve(None, transcribed)


def test_evolve_leaves_the_row_it_was_given_as_it_was():
    submitted, transcribed = as_projected([SUBMITTED, TRANSCRIBED], STREAM)
    submitted_row = evolve(None, submitted)
    before = copy.deepcopy(submitted_row)

    assert evolve(submitted_row, transcribed)["status"] == "transcribed"
    assert submitted_row == before
