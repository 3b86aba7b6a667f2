"""Accepting a voice order: place the order its draft describes, then mark the draft accepted.

Two streams, two appends, no transaction across them: the order gets an id derived from the
voice order, so an accept retried after a crash between the two finds the order it already
placed instead of placing a second one, and then finishes the voice order.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID, uuid5

from domain import ORDER, VOICE_ORDER
from domain.order_state import OrderState
from domain.voice_draft import place_order_from_draft
from eventstore.port import NO_STREAM
from schemas.commands.order import PlaceOrder
from schemas.commands.voice_order import AcceptVoiceOrder
from schemas.streams import StreamId
from service_layer.context import CommandContext, CommandResult
from service_layer.service import CommandService

VOICE_ORDER_NAMESPACE = UUID("0b7a9f0e-6d55-4a38-9f43-5b0c1c0f2d11")


def order_id_for(voice_order_id: UUID) -> UUID:
    return uuid5(VOICE_ORDER_NAMESPACE, str(voice_order_id))


async def accept_voice_order(
    service: CommandService,
    accept: AcceptVoiceOrder,
    context: CommandContext,
    *,
    address: str | None = None,
    requested_for: datetime | None = None,
    note: str | None = None,
) -> CommandResult[OrderState]:
    """`address`/`requested_for`/`note` fill in (or override) what the interpreter caught."""
    voice, _ = await service.load(VOICE_ORDER, StreamId.voice_order(accept.voice_order_id))
    VOICE_ORDER.decide(accept, voice)  # refuses early, before an order is placed
    command = place_order_from_draft(
        voice,
        order_id=accept.order_id,
        menu=await service.menu.current(),
        at=accept.at,
        address=address,
        requested_for=requested_for,
    )
    if note:
        command = command.model_copy(update={"note": note})
    placed = await _place_once(service, command, context)
    await service.handle(accept, context)
    return placed


async def _place_once(
    service: CommandService, command: PlaceOrder, context: CommandContext
) -> CommandResult[OrderState]:
    stream_id = StreamId.order(command.order_id)
    state, at = await service.load(ORDER, stream_id)
    if at.revision != NO_STREAM:
        return CommandResult(stream_id, at.revision, at.position, (), state)
    return await service.handle(command, replace(context, command_id=command.order_id))
