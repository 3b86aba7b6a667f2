"""Response bodies: ids, status, revision and position, never a read model."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel

from domain.order_state import OrderState
from schemas.events.order import OrderLine
from service_layer import CommandResult


class OrderAccepted(BaseModel):
    order_id: UUID
    status: str
    total: int
    revision: int
    position: int


class OrderQuote(BaseModel):
    """What the given lines cost now: priced by the server, never stored."""

    lines: list[OrderLine]
    total: int


class Accepted(BaseModel):
    request_id: UUID


class VoiceOrderReceived(BaseModel):
    voice_order_id: UUID
    request_id: UUID


class MenuItemWritten(BaseModel):
    menu_item_id: str
    revision: int
    position: int


def order_accepted(order_id: UUID, result: CommandResult[OrderState]) -> OrderAccepted:
    return OrderAccepted(
        order_id=order_id,
        status=result.state.status or "placed",
        total=result.state.total,
        revision=result.revision,
        position=result.position,
    )
