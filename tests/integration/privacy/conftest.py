"""Privacy tests run the command and query APIs in-process on one schema, with a projector."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from eventstore.postgres import PostgresEventStore
from tests.support.audited import Deployment, deployment


@pytest.fixture
async def deployed(
    pg_store: PostgresEventStore, read_side: str, tmp_path: Path
) -> AsyncIterator[Deployment]:
    async with deployment(pg_store, read_side, tmp_path / "media") as deployed:
        yield deployed
