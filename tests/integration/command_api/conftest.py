"""Fixtures for tests that drive the real apps."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from command_api.app import create_app
from eventstore.postgres import PostgresEventStore
from service_layer import CommandService
from service_layer.seeding import seed_menu
from tests.support.apps import ApiClient, running, test_settings


@pytest.fixture
async def command_api(
    pg_store: PostgresEventStore, pg_schema: str, tmp_path: Path
) -> AsyncIterator[ApiClient]:
    await seed_menu(CommandService(pg_store), datetime.now(UTC))
    settings = test_settings(pg_schema, media_dir=tmp_path / "media")
    async with running(create_app(settings), settings) as client:
        yield client
