"""A voice order as its customer follows it: status, transcript, draft, outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel
from sqlalchemy import RowMapping, select

from api_common.problem_docs import problem_responses
from api_common.problems import Problem
from projections.tables import voice_orders
from query_api.bounds import BIGINT_MAX
from query_api.deps import Engine, ReadWait, VoiceReader, Watcher
from query_api.freshness import STALE_HEADER, read_fresh

router = APIRouter(
    prefix="/api/voice-orders",
    tags=["voice orders"],
    responses=problem_responses(401, 403, 404, 422),
)


class VoiceOrderView(BaseModel):
    voice_order_id: UUID
    customer_id: str
    status: str
    request_id: UUID
    transcript: str | None
    draft: dict[str, Any] | None
    confidence: float | None
    order_id: UUID | None
    failed_stage: str | None
    failure_reason: str | None
    submitted_at: datetime
    updated_at: datetime
    revision: int
    position: int


async def one_voice_order(
    engine: Engine, voice_order_id: UUID, customer_id: str | None
) -> RowMapping | None:
    query = select(voice_orders).where(voice_orders.c.voice_order_id == voice_order_id)
    if customer_id is not None:
        query = query.where(voice_orders.c.customer_id == customer_id)
    async with engine.connect() as connection:
        return (await connection.execute(query)).mappings().first()


@router.get("/{voice_order_id}")
async def get_voice_order(
    voice_order_id: UUID,
    principal: VoiceReader,
    engine: Engine,
    watcher: Watcher,
    wait_seconds: ReadWait,
    response: Response,
    min_position: Annotated[int | None, Query(ge=0, le=BIGINT_MAX)] = None,
) -> VoiceOrderView:
    owner = principal.user_id if principal.role == "customer" else None
    row, stale = await read_fresh(
        watcher, lambda: one_voice_order(engine, voice_order_id, owner), min_position, wait_seconds
    )
    stale_headers = {STALE_HEADER: "true"} if stale else {}
    if row is None:
        raise Problem(
            404, "voice-order-not-found", detail="No such voice order.", headers=stale_headers
        )
    response.headers.update(stale_headers)
    return VoiceOrderView.model_validate(dict(row))
