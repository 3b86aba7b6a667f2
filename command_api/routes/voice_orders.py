"""Voice orders: upload the audio (the AI worker takes it from there), then accept the draft."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Response, UploadFile

from command_api.audio import MAX_AUDIO_BYTES, AudioRejected, check_audio
from command_api.deps import CommandContext, Context
from command_api.media import store_file
from command_api.requests import AcceptVoiceOrderIn
from command_api.responses import OrderAccepted, VoiceOrderReceived, order_accepted
from dinner.web.auth import CustomerPrincipal, Principal
from dinner.web.problem_docs import problem_responses
from dinner.web.problems import Problem
from domain import ORDER, VOICE_ORDER
from domain.errors import AlreadyExists
from domain.voice_draft import place_order_from_draft
from domain.voice_order_state import VoiceOrderState
from schemas.commands.voice_order import AcceptVoiceOrder, SubmitVoiceOrder
from schemas.streams import order_stream, voice_stream

router = APIRouter(
    prefix="/api/voice-orders",
    tags=["voice orders"],
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)

# The order placed from a voice order has an id derived from it, so a retried accept that
# crashed half-way finds the order it already placed instead of placing a second one.
VOICE_ORDER_NAMESPACE = UUID("0b7a9f0e-6d55-4a38-9f43-5b0c1c0f2d11")


# 413 and 415: the audio is too large, too long or not a recognised format.
@router.post("", status_code=202, responses=problem_responses(413, 415))
async def submit(
    audio: Annotated[UploadFile, File()], principal: CustomerPrincipal, ctx: Context
) -> VoiceOrderReceived:
    data = await audio.read(MAX_AUDIO_BYTES + 1)
    try:
        checked = check_audio(data)
    except AudioRejected as rejected:
        raise Problem(rejected.status, rejected.code, detail=str(rejected)) from None
    voice_order_id, request_id = uuid.uuid4(), uuid.uuid4()
    audio_ref = await store_file(
        ctx.media_dir, Path("voice") / f"{voice_order_id}{checked.extension}", data
    )
    command = SubmitVoiceOrder(
        voice_order_id=voice_order_id,
        customer_id=principal.user_id,
        request_id=request_id,
        audio_ref=audio_ref,
        content_type=checked.content_type,
        duration_seconds=checked.duration_seconds,
        at=ctx.now(),
    )
    await ctx.handler.create(
        VOICE_ORDER, voice_stream(voice_order_id), command, ctx.metadata(principal)
    )
    return VoiceOrderReceived(voice_order_id=voice_order_id, request_id=request_id)


@router.post("/{voice_order_id}/accept", status_code=201)
async def accept(
    voice_order_id: UUID,
    principal: CustomerPrincipal,
    ctx: Context,
    response: Response,
    body: AcceptVoiceOrderIn | None = None,
) -> OrderAccepted:
    order_id = uuid.uuid5(VOICE_ORDER_NAMESPACE, str(voice_order_id))
    accept = AcceptVoiceOrder(
        voice_order_id=voice_order_id,
        order_id=order_id,
        actor_id=principal.user_id,
        actor_role=principal.role,
        at=ctx.now(),
    )
    voice, _ = await ctx.handler.load(VOICE_ORDER, voice_stream(voice_order_id))
    VOICE_ORDER.decide(accept, voice)  # refuses early, before an order is placed
    placed = await _place_from_draft(order_id, voice, body or AcceptVoiceOrderIn(), principal, ctx)
    await ctx.handler.handle(
        VOICE_ORDER, voice_stream(voice_order_id), lambda _: accept, ctx.metadata(principal)
    )
    response.headers["Location"] = f"/api/orders/{order_id}"
    return placed


async def _place_from_draft(
    order_id: UUID,
    voice: VoiceOrderState,
    body: AcceptVoiceOrderIn,
    principal: Principal,
    ctx: CommandContext,
) -> OrderAccepted:
    delivery = body.delivery
    command = place_order_from_draft(
        voice,
        order_id=order_id,
        menu=await ctx.menu.current(),
        at=ctx.now(),
        address=delivery.address if delivery else None,
        requested_for=delivery.requested_for if delivery else None,
    )
    if body.note:
        command = command.model_copy(update={"note": body.note})
    stream = order_stream(order_id)
    try:
        outcome = await ctx.handler.handle(
            ORDER, stream, lambda _: command, ctx.metadata(principal)
        )
    except AlreadyExists:
        state, loaded = await ctx.handler.load(ORDER, stream)
        return OrderAccepted(
            order_id=order_id,
            status=state.status or "placed",
            total=state.total,
            revision=loaded.revision,
            position=loaded.position,
        )
    return order_accepted(order_id, outcome)
