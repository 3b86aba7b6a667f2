"""Turning an interpreted voice order into the PlaceOrder command the customer confirmed."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.errors import InvalidTransition, RuleViolation
from domain.voice_order_state import VoiceOrderState
from schemas.commands.order import PlaceOrder
from schemas.values import Delivery, MenuState


def place_order_from_draft(
    state: VoiceOrderState,
    *,
    order_id: UUID,
    menu: MenuState,
    at: datetime,
    address: str | None = None,
    requested_for: datetime | None = None,
) -> PlaceOrder:
    """`address`/`requested_for` fill in (or override) what the interpreter did not catch."""
    draft = state.draft
    if draft is None or state.customer_id is None:
        raise InvalidTransition("invalid_transition", "the voice order has no draft yet")
    address = address or draft.address
    requested_for = requested_for or draft.requested_for
    if not address or requested_for is None:
        raise RuleViolation(
            "delivery_missing", "the draft has no delivery address or time; give them to accept"
        )
    return PlaceOrder(
        order_id=order_id,
        customer_id=state.customer_id,
        lines=draft.items,
        delivery=Delivery(address=address, requested_for=requested_for),
        note=draft.note,
        menu=menu,
        at=at,
    )
