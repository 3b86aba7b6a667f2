"""Audit: raw events of a stream or of the whole history, an order as of a revision or a
moment, and hash-chain verification. Personal fields are revealed unless `as_stored=true`,
which returns the data exactly as stored (and hashed), for checking the chain elsewhere."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, StringConstraints

from api_common.instants import Instant
from api_common.problem_docs import problem_responses
from api_common.problems import Problem
from api_common.text import NO_NUL
from privacy.personal_data import reveal_recorded
from query_api.audit_asof import OrderAsOf, order_as_of
from query_api.audit_chain import Verification, verify_store, verify_stream
from query_api.audit_deps import Audit, AuditReader
from query_api.audit_log import HistoryFilter
from query_api.bounds import BIGINT_MAX
from schemas.envelope import RecordedEvent
from schemas.registry import EventDecodingError

router = APIRouter(
    prefix="/api/audit", tags=["audit"], responses=problem_responses(401, 403, 404, 409, 422)
)
StreamId = Annotated[str, Path(min_length=1, max_length=200, pattern=NO_NUL)]
Limit = Annotated[int, Query(ge=1, le=1000)]
EventType = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]
AsStored = Annotated[bool, Query(description="the data as stored: personal fields sealed")]


class StreamPage(BaseModel):
    stream_id: str
    items: list[RecordedEvent]
    next_from_revision: int | None


class HistoryPage(BaseModel):
    items: list[RecordedEvent]
    next_from_position: int | None


async def _shown(audit: Audit, events: list[RecordedEvent], as_stored: bool) -> list[RecordedEvent]:
    return events if as_stored else await reveal_recorded(audit.personal, events)


@router.get("/streams/{stream_id}")
async def stream_events(
    stream_id: StreamId,
    _principal: AuditReader,
    audit: Audit,
    from_revision: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
    limit: Limit = 100,
    as_stored: AsStored = False,
) -> StreamPage:
    events = await audit.store.read_stream(stream_id, from_revision=from_revision, limit=limit)
    if not events and not await audit.store.read_stream(stream_id, limit=1):
        raise Problem(404, "stream-not-found", detail="No such stream.")
    following = events[-1].revision + 1 if len(events) == limit else None
    return StreamPage(
        stream_id=stream_id,
        items=await _shown(audit, events, as_stored),
        next_from_revision=following,
    )


@router.get("/events")
async def history(
    _principal: AuditReader,
    audit: Audit,
    from_position: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
    limit: Limit = 100,
    event_types: Annotated[list[EventType] | None, Query(alias="type", max_length=50)] = None,
    from_time: Annotated[Instant | None, Query(description="inclusive")] = None,
    to_time: Annotated[Instant | None, Query(description="exclusive")] = None,
    as_stored: AsStored = False,
) -> HistoryPage:
    if from_time is not None and to_time is not None and to_time < from_time:
        raise Problem(422, "invalid-range", detail="to_time is before from_time.")
    where = HistoryFilter(frozenset(event_types or ()), from_time, to_time)
    events = await audit.log.page(from_position, limit, where)
    following = events[-1].position + 1 if len(events) == limit else None
    return HistoryPage(items=await _shown(audit, events, as_stored), next_from_position=following)


@router.get("/orders/{order_id}/as-of")
async def as_of(
    order_id: UUID,
    _principal: AuditReader,
    audit: Audit,
    # One below the maximum: the events up to `revision` are `revision + 1` of them.
    revision: Annotated[int | None, Query(ge=0, le=BIGINT_MAX - 1)] = None,
    time: Instant | None = None,
) -> OrderAsOf:
    """The order after its event at `revision`, or after its last event recorded at or
    before `time`; exactly one of the two."""
    if (revision is None) == (time is None):
        raise Problem(422, "one-point-in-time", detail="Give exactly one of revision and time.")
    try:
        found = await order_as_of(
            audit.store, audit.personal, order_id, revision=revision, time=time
        )
    except EventDecodingError as error:
        raise Problem(409, "unreadable-history", detail=str(error)) from None
    if found is None:
        raise Problem(404, "order-not-found", detail="The order had no such point in its history.")
    return found


@router.get("/verify")
async def verify(
    _principal: AuditReader,
    audit: Audit,
    stream_id: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL)] = None,
) -> Verification:
    """The hash chain of one stream, or of every stream in the store."""
    if stream_id is None:
        return await verify_store(audit.log)
    result = await verify_stream(audit.store, stream_id)
    if result.events_checked == 0:
        raise Problem(404, "stream-not-found", detail="No such stream.")
    return result
