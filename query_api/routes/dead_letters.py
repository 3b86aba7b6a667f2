"""The dead-letter queues for admins: how many messages each holds, and the messages
(`POST …/replay` is a command: the command API's)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from api_common.auth import AdminPrincipal
from api_common.problem_docs import problem_responses
from api_common.problems import Problem
from query_api.deps import AppSettings
from rabbitmq.dlq_access import COUNT_LIMIT, BrokerUnavailable, dead_letters, document, work_queues
from rabbitmq.topology import DEFAULT_TOPOLOGY

router = APIRouter(
    prefix="/api/admin/dead-letters",
    tags=["admin"],
    responses=problem_responses(401, 403, 404, 422, 503),
)
QueueName = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[a-z][a-z0-9._-]*$")]


class DeadLetterQueue(BaseModel):
    queue: str
    dead_letter_queue: str
    messages: int


class DeadLetterQueues(BaseModel):
    queues: list[DeadLetterQueue]


class DeadLetterView(BaseModel):
    message_id: str | None
    event_type: str | None
    reason: str
    attempts: int | None
    original_routing_key: str | None
    failed_at: str | None
    traceback: str | None
    body: Any
    body_base64: str | None


class DeadLetterPage(BaseModel):
    queue: str
    total: int
    letters: list[DeadLetterView]


def known_queue(name: str) -> str:
    if name not in work_queues():
        valid = ", ".join(work_queues())
        raise Problem(404, "unknown-queue", detail=f"No work queue {name!r}; valid: {valid}.")
    return name


def broker_problem(error: BrokerUnavailable) -> Problem:
    return Problem(
        503, "broker-unavailable", detail=f"RabbitMQ: {error}", headers={"Retry-After": "5"}
    )


@router.get("")
async def list_queues(_admin: AdminPrincipal, settings: AppSettings) -> DeadLetterQueues:
    """Every work queue with the number of messages in its dead-letter queue (exact up to
    10,000: the letters are read and put back)."""
    try:
        async with dead_letters(settings.rabbitmq_url) as letters:
            counts = {q: await letters.count(q, COUNT_LIMIT) for q in work_queues()}
    except BrokerUnavailable as error:
        raise broker_problem(error) from None
    return DeadLetterQueues(
        queues=[
            DeadLetterQueue(
                queue=name,
                dead_letter_queue=DEFAULT_TOPOLOGY.queue(name).dead_letter_queue,
                messages=count,
            )
            for name, count in counts.items()
        ]
    )


@router.get("/{queue}")
async def show_queue(
    queue: QueueName,
    _admin: AdminPrincipal,
    settings: AppSettings,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> DeadLetterPage:
    """The oldest dead letters of one work queue, left in place."""
    name = known_queue(queue)
    try:
        async with dead_letters(settings.rabbitmq_url) as letters:
            # The whole queue, not `limit`: letters put back go behind the rest, so a partial
            # read would rotate the queue (as `dinner dlq show` explains).
            read = await letters.peek(name, COUNT_LIMIT)
    except BrokerUnavailable as error:
        raise broker_problem(error) from None
    return DeadLetterPage(
        queue=name,
        total=len(read),
        letters=[DeadLetterView(**document(letter)) for letter in read[:limit]],
    )
