"""Read-your-writes: read a row once the projection has applied a given global position."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import RowMapping

from query_api.watcher import ProjectionWatcher

Fetch = Callable[[], Awaitable[RowMapping | None]]
STALE_HEADER = "X-Projection-Stale"


async def read_fresh(
    watcher: ProjectionWatcher, fetch: Fetch, min_position: int | None, timeout: float
) -> tuple[RowMapping | None, bool]:
    """The row, and whether it is stale: still missing or behind `min_position` at the timeout.

    Without `min_position` the row is read once and never called stale.
    """
    if min_position is None:
        return await fetch(), False
    latest: RowMapping | None = None

    async def reached() -> bool:
        nonlocal latest
        latest = await fetch()
        return latest is not None and int(latest["position"]) >= min_position

    fresh = await watcher.wait_for(reached, min_position, timeout)
    return latest, not fresh
