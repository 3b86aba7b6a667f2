"""The running system for end-to-end tests, on the test's own schema and vhost."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eventstore.postgres import PostgresEventStore
from service_layer import CommandService
from service_layer.seeding import seed_menu
from tests.support.system import System, running_system


@pytest.fixture
async def system(
    pg_store: PostgresEventStore, read_side: str, amqp_url: str, tmp_path: Path
) -> AsyncIterator[System]:
    await seed_menu(CommandService(pg_store), datetime.now(UTC))
    async with running_system(
        read_side, amqp_url, tmp_path / "system.log", tmp_path / "media"
    ) as s:
        yield s
