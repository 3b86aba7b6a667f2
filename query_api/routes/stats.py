"""Sales statistics over a range of days (Korea Standard Time, as the sales projection counts)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from api_common.instants import Day
from api_common.problem_docs import problem_responses
from api_common.problems import Problem
from dinner.clock import KST
from query_api.deps import AppSettings, Engine, Redis, SalesReader
from query_api.sales_cache import SalesCache
from query_api.sales_reads import GroupBy, SalesReport, sales_report

router = APIRouter(prefix="/api/stats", tags=["stats"], responses=problem_responses(401, 403, 422))
DEFAULT_DAYS = 30
CACHE_HEADER = "X-Cache"


def day_range(start: date | None, end: date | None) -> tuple[date, date]:
    """The inclusive range asked for; by default the last 30 days up to today."""
    end = end or datetime.now(KST).date()
    if start is None:
        # The default window is cut at the calendar's first day rather than overflowing.
        days_before = min(DEFAULT_DAYS - 1, (end - date.min).days)
        start = end - timedelta(days=days_before)
    if end < start:
        raise Problem(422, "invalid-range", detail="'to' is before 'from'.")
    return start, end


@router.get("/sales", response_model=SalesReport)
async def sales(
    _principal: SalesReader,
    engine: Engine,
    client: Redis,
    settings: AppSettings,
    start: Annotated[Day | None, Query(alias="from")] = None,
    end: Annotated[Day | None, Query(alias="to")] = None,
    group_by: GroupBy = "day",
) -> Response:
    start, end = day_range(start, end)

    async def compute() -> bytes:
        report = await sales_report(engine, start, end, group_by)
        return report.model_dump_json(by_alias=True).encode()

    cache = SalesCache(client, settings.redis_prefix)
    body, hit = await cache.get_or_compute(f"{group_by}:{start}:{end}", compute)
    return Response(
        body, media_type="application/json", headers={CACHE_HEADER: "hit" if hit else "miss"}
    )
