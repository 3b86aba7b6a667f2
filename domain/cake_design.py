"""Decisions about generated cake designs on an order.

AI results arrive at least once, so a repeat of a recorded result is accepted silently.
"""

from __future__ import annotations

from domain.errors import AlreadyExists, InvalidTransition, RuleViolation
from domain.guards import require_owner_or_staff, require_text
from domain.order_state import CakeDesign, OrderState
from schemas.commands.order import FailCakeDesign, RecordCakeDesign, RequestCakeDesign
from schemas.events.order import (
    CakeDesignFailed,
    CakeDesignGenerated,
    CakeDesignRequested,
    OrderEvent,
)
from schemas.vocabulary import TERMINAL_ORDER_STATUSES


def request(command: RequestCakeDesign, state: OrderState) -> list[OrderEvent]:
    require_owner_or_staff(state.customer_id, command.actor_id, command.actor_role)
    known = state.cake_designs.get(command.request_id)
    if known is not None:
        if known.prompt == command.prompt:
            return []
        raise AlreadyExists("design_request_exists", "this request id is already in use")
    _require_open(state, "request a cake design")
    if not state.has_cake:
        raise RuleViolation("no_cake_on_order", "the order has no cake to design")
    require_text(command.prompt, "prompt_required", "the design prompt")
    return [
        CakeDesignRequested(request_id=command.request_id, prompt=command.prompt, at=command.at)
    ]


def record(command: RecordCakeDesign, state: OrderState) -> list[OrderEvent]:
    design = _design(state, command)
    if design.status == "generated" and design.image_url == command.image_url:
        return []
    _require_pending(state, design)
    require_text(command.image_url, "image_url_required", "the image url")
    return [
        CakeDesignGenerated(
            request_id=command.request_id, image_url=command.image_url, at=command.at
        )
    ]


def fail(command: FailCakeDesign, state: OrderState) -> list[OrderEvent]:
    design = _design(state, command)
    if design.status == "failed" and design.failure_reason == command.reason:
        return []
    _require_pending(state, design)
    return [CakeDesignFailed(request_id=command.request_id, reason=command.reason, at=command.at)]


def _design(state: OrderState, command: RecordCakeDesign | FailCakeDesign) -> CakeDesign:
    design = state.cake_designs.get(command.request_id)
    if design is None:
        raise RuleViolation(
            "unknown_design_request", f"no cake design request {command.request_id}"
        )
    return design


def _require_pending(state: OrderState, design: CakeDesign) -> None:
    if design.status != "pending":
        raise InvalidTransition(
            "design_already_settled", f"design request {design.request_id} is {design.status}"
        )
    _require_open(state, "record a cake design")


def _require_open(state: OrderState, action: str) -> None:
    if state.status in TERMINAL_ORDER_STATUSES:
        raise InvalidTransition("invalid_transition", f"cannot {action} when {state.status}")
