"""The kitchen queue: confirmed and cooking orders, the soonest requested first."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select

from api_common.problem_docs import problem_responses
from projections.tables import kitchen_queue
from query_api.deps import Engine, KitchenReader
from query_api.order_views import OrderLineView
from schemas.vocabulary import KITCHEN_STATUSES

router = APIRouter(prefix="/api/kitchen", tags=["kitchen"], responses=problem_responses(401, 403))


class KitchenTicket(BaseModel):
    order_id: UUID
    status: str
    requested_for: datetime
    placed_at: datetime
    items: list[OrderLineView]
    note: str | None
    position: int


class KitchenQueue(BaseModel):
    items: list[KitchenTicket]


@router.get("/queue")
async def queue(_principal: KitchenReader, engine: Engine) -> KitchenQueue:
    c = kitchen_queue.c
    query = (
        select(kitchen_queue)
        .where(c.status.in_(KITCHEN_STATUSES))
        .order_by(c.requested_for, c.order_id)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).mappings().all()
    return KitchenQueue(
        items=[KitchenTicket.model_validate({**row, "items": row["lines"]}) for row in rows]
    )
