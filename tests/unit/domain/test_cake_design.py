"""Specs for cake design requests and their (at-least-once) AI results."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain import ORDER
from domain.errors import AlreadyExists, Forbidden, InvalidTransition, NotFound, RuleViolation
from schemas.commands import FailCakeDesign, RecordCakeDesign, RequestCakeDesign
from schemas.events import CakeDesignFailed, CakeDesignGenerated, CakeDesignRequested
from tests.unit.factories import CUSTOMER, ORDER_ID, OTHER_CUSTOMER, at, history
from tests.unit.spec import DeciderSpec

spec = DeciderSpec(ORDER)
REQUEST_ID = UUID("00000000-0000-4000-8000-0000000000c1")
PROMPT = "a two-tier chocolate cake with red roses"
REQUESTED = CakeDesignRequested(request_id=REQUEST_ID, prompt=PROMPT, at=at(10))
GENERATED = CakeDesignGenerated(request_id=REQUEST_ID, image_url="/media/c1.png", at=at(11))
FAILED = CakeDesignFailed(request_id=REQUEST_ID, reason="out of memory", at=at(11))


def request(prompt=PROMPT, actor_id=CUSTOMER, actor_role="customer", request_id=REQUEST_ID):
    return RequestCakeDesign(
        order_id=ORDER_ID,
        request_id=request_id,
        prompt=prompt,
        actor_id=actor_id,
        actor_role=actor_role,
        at=at(10),
    )


def record(image_url="/media/c1.png", request_id=REQUEST_ID):
    return RecordCakeDesign(
        order_id=ORDER_ID, request_id=request_id, image_url=image_url, at=at(11)
    )


def fail(reason="out of memory"):
    return FailCakeDesign(order_id=ORDER_ID, request_id=REQUEST_ID, reason=reason, at=at(11))


def with_cake(status="placed"):
    return history(status, with_cake=True)


@pytest.mark.parametrize(
    "status", ["placed", "paid", "confirmed", "cooking", "ready", "dispatched"]
)
def test_a_design_may_be_requested_for_an_open_order_with_a_cake(status):
    spec.given(with_cake(status)).when(request()).then(REQUESTED)


@pytest.mark.parametrize("status", ["delivered", "rejected", "cancelled"])
def test_no_design_for_a_closed_order(status):
    spec.given(with_cake(status)).when(request()).then_fails(
        InvalidTransition, "invalid_transition"
    )


def test_no_design_without_a_cake():
    spec.given(history("placed")).when(request()).then_fails(RuleViolation, "no_cake_on_order")


def test_a_design_needs_a_prompt():
    spec.given(with_cake()).when(request(prompt="")).then_fails(RuleViolation, "prompt_required")


def test_another_customer_cannot_request_a_design():
    spec.given(with_cake()).when(request(actor_id=OTHER_CUSTOMER)).then_fails(
        Forbidden, "not_owner"
    )


def test_a_repeated_request_is_a_no_op():
    spec.given(with_cake(), REQUESTED).when(request()).then_nothing()


def test_a_request_id_cannot_be_reused_for_another_prompt():
    spec.given(with_cake(), REQUESTED).when(request(prompt="a lemon cake")).then_fails(
        AlreadyExists, "design_request_exists"
    )


def test_a_design_on_an_unknown_order_is_not_found():
    spec.given().when(request()).then_fails(NotFound, "order_not_found")


def test_a_generated_design_is_recorded():
    spec.given(with_cake(), REQUESTED).when(record()).then(GENERATED)


def test_a_failed_design_is_recorded():
    spec.given(with_cake(), REQUESTED).when(fail()).then(FAILED)


def test_a_redelivered_result_is_a_no_op():
    spec.given(with_cake(), REQUESTED, GENERATED).when(record()).then_nothing()
    spec.given(with_cake(), REQUESTED, FAILED).when(fail()).then_nothing()


def test_a_different_result_for_a_settled_request_is_refused():
    spec.given(with_cake(), REQUESTED, GENERATED).when(fail()).then_fails(
        InvalidTransition, "design_already_settled"
    )
    spec.given(with_cake(), REQUESTED, FAILED).when(record()).then_fails(
        InvalidTransition, "design_already_settled"
    )


def test_a_result_needs_a_matching_request():
    other = UUID("00000000-0000-4000-8000-0000000000c2")
    spec.given(with_cake(), REQUESTED).when(record(request_id=other)).then_fails(
        RuleViolation, "unknown_design_request"
    )


def test_a_result_needs_an_image_url():
    spec.given(with_cake(), REQUESTED).when(record(image_url="")).then_fails(
        RuleViolation, "image_url_required"
    )


def test_a_pending_result_is_refused_once_the_order_is_closed():
    events = [*with_cake("placed"), REQUESTED, *with_cake("cancelled")[1:]]
    spec.given(events).when(record()).then_fails(InvalidTransition, "invalid_transition")


def test_folded_state_tracks_designs():
    state = ORDER.initial_state()
    for event in [*with_cake(), REQUESTED, GENERATED]:
        state = ORDER.evolve(state, event)
    design = state.cake_designs[REQUEST_ID]
    assert (design.status, design.image_url, design.prompt) == (
        "generated",
        "/media/c1.png",
        PROMPT,
    )
