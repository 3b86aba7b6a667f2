"""Replaying a work queue's dead letters, for admins (reading them is the query API's)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel

from api_common.auth import AdminPrincipal, settings_of
from api_common.problem_docs import problem_responses
from api_common.problems import Problem
from rabbitmq.dlq_access import BrokerUnavailable, dead_letters, work_queues

router = APIRouter(
    prefix="/api/admin/dead-letters",
    tags=["admin"],
    responses=problem_responses(401, 403, 404, 422, 503),
)
QueueName = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[a-z][a-z0-9._-]*$")]


class Replayed(BaseModel):
    queue: str
    replayed: int


@router.post("/{queue}/replay")
async def replay(
    queue: QueueName,
    _admin: AdminPrincipal,
    request: Request,
    limit: Annotated[int | None, Query(ge=1, le=10_000)] = None,
) -> Replayed:
    """Moves dead letters back to their work queue, oldest first (each is published with a
    confirm before it is removed), for another try."""
    if queue not in work_queues():
        valid = ", ".join(work_queues())
        raise Problem(404, "unknown-queue", detail=f"No work queue {queue!r}; valid: {valid}.")
    try:
        async with dead_letters(settings_of(request).rabbitmq_url) as letters:
            replayed = await letters.replay(queue, limit)
    except BrokerUnavailable as error:
        raise Problem(
            503, "broker-unavailable", detail=f"RabbitMQ: {error}", headers={"Retry-After": "5"}
        ) from None
    return Replayed(queue=queue, replayed=replayed)
