"""Admin operations outside any aggregate: forgetting a customer (crypto-shredding)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel

from api_common.auth import AdminPrincipal
from api_common.problem_docs import problem_responses
from api_common.problems import Problem
from api_common.text import NO_NUL
from privacy.forget import Forgetter, RebuildRunning

router = APIRouter(
    prefix="/api/admin", tags=["admin"], responses=problem_responses(401, 403, 409, 422, 503)
)
CustomerId = Annotated[str, Path(min_length=1, max_length=200, pattern=NO_NUL)]


class CustomerForgotten(BaseModel):
    customer_id: str
    keys_destroyed: int
    streams_reprojected: int
    events_reprojected: int
    recordings_deleted: int


@router.post("/customers/{customer_id}/forget")
async def forget_customer(
    customer_id: CustomerId, _principal: AdminPrincipal, request: Request
) -> CustomerForgotten:
    """Destroys the customer's keys: their personal data reads "[redacted]" everywhere."""
    forgetting: Forgetter = request.app.state.forgetting
    try:
        forgotten = await forgetting.forget(customer_id)
    except RebuildRunning as running:
        raise Problem(409, "rebuild-running", detail=str(running)) from None
    return CustomerForgotten(**asdict(forgotten))
