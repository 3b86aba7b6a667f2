"""Both APIs in-process on this test's schema, with a projector, for the account tests.

The client address limit is raised out of the way (every request here comes from one
address); the tests of the limits set their own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from eventstore.postgres import PostgresEventStore
from tests.support.audited import Deployment, deployment

ROOMY = {"sign_in_attempts_per_address": 10_000}


@pytest.fixture
async def deployed(
    pg_store: PostgresEventStore, read_side: str, tmp_path: Path
) -> AsyncIterator[Deployment]:
    async with deployment(pg_store, read_side, tmp_path / "media", **ROOMY) as running:
        yield running
