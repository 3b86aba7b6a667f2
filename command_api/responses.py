"""Response bodies: ids, status, revision and position, never a read model."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel

from command_api.handling import Outcome
from domain.order_state import OrderState


class OrderAccepted(BaseModel):
    order_id: UUID
    status: str
    total: int
    revision: int
    position: int


class Accepted(BaseModel):
    request_id: UUID


class VoiceOrderReceived(BaseModel):
    voice_order_id: UUID
    request_id: UUID


class MenuItemWritten(BaseModel):
    menu_item_id: str
    revision: int
    position: int


def order_accepted(order_id: UUID, outcome: Outcome[OrderState]) -> OrderAccepted:
    return OrderAccepted(
        order_id=order_id,
        status=outcome.state.status or "placed",
        total=outcome.state.total,
        revision=outcome.revision,
        position=outcome.position,
    )
