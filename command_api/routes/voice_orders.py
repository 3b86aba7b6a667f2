"""Voice orders: upload the audio (the AI worker takes it from there), then accept the draft."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Response, UploadFile

from api_common.auth import CustomerPrincipal
from api_common.problem_docs import problem_responses
from api_common.problems import Problem
from command_api.audio import MAX_AUDIO_BYTES, AudioRejected, check_audio
from command_api.deps import Context
from command_api.requests import AcceptVoiceOrderIn
from command_api.responses import OrderAccepted, VoiceOrderReceived, order_accepted
from schemas.commands.voice_order import AcceptVoiceOrder, SubmitVoiceOrder
from service_layer.media import store_file
from service_layer.voice_orders import accept_voice_order, order_id_for

router = APIRouter(
    prefix="/api/voice-orders",
    tags=["voice orders"],
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)


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
    await ctx.commands.handle(command, ctx.command_context(principal, idempotent=False))
    return VoiceOrderReceived(voice_order_id=voice_order_id, request_id=request_id)


@router.post("/{voice_order_id}/accept", status_code=201)
async def accept(
    voice_order_id: UUID,
    principal: CustomerPrincipal,
    ctx: Context,
    response: Response,
    body: AcceptVoiceOrderIn | None = None,
) -> OrderAccepted:
    # Derived from the voice order, so a retried accept finds the order it already placed.
    order_id = order_id_for(voice_order_id)
    accept = AcceptVoiceOrder(
        voice_order_id=voice_order_id,
        order_id=order_id,
        actor_id=principal.user_id,
        actor_role=principal.role,
        at=ctx.now(),
    )
    body = body or AcceptVoiceOrderIn()
    delivery = body.delivery
    result = await accept_voice_order(
        ctx.commands,
        accept,
        ctx.command_context(principal, idempotent=False),
        address=delivery.address if delivery else None,
        requested_for=delivery.requested_for if delivery else None,
        note=body.note,
    )
    response.headers["Location"] = f"/api/orders/{order_id}"
    return order_accepted(order_id, result)
