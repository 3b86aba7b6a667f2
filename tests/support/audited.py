"""The command and query APIs in-process with a projector fed straight from the store.

For the audit and privacy tests: one schema, the real key table, a clock that steps a
minute per command so every event has a known, distinct time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from typer.testing import CliRunner, Result

from cli import app as cli
from command_api.app import create_app as create_command_app
from dinner.migrate import sqlalchemy_url
from eventstore.postgres import PostgresEventStore
from privacy.keys import PostgresKeyStore, open_key_store
from privacy.personal_data import EncryptedPersonalData
from projections.events import projected
from projections.projector import Projector
from query_api.app import create_app as create_query_app
from service_layer import CommandService
from service_layer.seeding import seed_menu
from tests.support.apps import ApiClient, running, test_settings
from tests.support.services import PG_DSN

START = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass
class StepClock:
    at: datetime = START
    step: timedelta = timedelta(minutes=1)
    given: list[datetime] = field(default_factory=list)

    def now(self) -> datetime:
        moment, self.at = self.at, self.at + self.step
        self.given.append(moment)
        return moment


@dataclass
class Deployment:
    command: ApiClient
    query: ApiClient
    store: PostgresEventStore
    keys: PostgresKeyStore
    engine: AsyncEngine
    projector: Projector
    clock: StepClock
    schema: str
    media_dir: Path
    position: int = 0
    highest: int = 0

    async def last_position(self) -> int:
        """The highest committed position; unlike `head_position`, not held back by a
        transaction left open elsewhere in the cluster (another test run, say)."""
        sql = f'SELECT coalesce(max(position), 0) FROM "{self.schema}".events'
        return int(await self.store.pool.fetchval(sql))

    async def project(self, timeout: float = 15.0) -> int:
        """Applies every event committed so far, as the projector process would; waits while
        an open transaction elsewhere holds the store's read horizon back."""
        target, applied = await self.last_position(), 0
        async with asyncio.timeout(timeout):
            while self.highest < target:
                batch = await self.store.read_all(after_position=self.position, limit=1000)
                if not batch:
                    await asyncio.sleep(0.01)
                    continue
                applied += await self.projector.apply([projected(e) for e in batch])
                self.position = batch[-1].position  # the log's own order: the cursor
                self.highest = max(self.highest, *(e.position for e in batch))
        return applied

    def env(self) -> dict[str, str]:
        """The environment `dinner …` commands need to reach this deployment."""
        return {
            "DATABASE_URL": PG_DSN,
            "EVENT_STORE_URL": PG_DSN,
            "DATABASE_SCHEMA": self.schema,
            "ENVIRONMENT": "test",
            "MEDIA_DIR": str(self.media_dir),
            "COLUMNS": "200",
        }


@asynccontextmanager
async def deployment(
    store: PostgresEventStore, schema: str, media_dir: Path, **overrides: object
) -> AsyncIterator[Deployment]:
    """`schema` must have the read side migrated (the `read_side` fixture); `overrides` are
    settings of both APIs."""
    clock = StepClock()
    await seed_menu(CommandService(store), START - timedelta(days=1))
    settings = test_settings(schema, media_dir=media_dir, **overrides)
    keys = await open_key_store(settings)
    engine = create_async_engine(sqlalchemy_url(PG_DSN), pool_size=3)
    projector = Projector(engine, store, schema=schema, personal=EncryptedPersonalData(keys))
    try:
        async with (
            running(create_command_app(settings, clock), settings) as command,
            running(create_query_app(settings, read_wait_seconds=0.5), settings) as query,
        ):
            mapped = engine.execution_options(schema_translate_map={None: schema})
            yield Deployment(
                command, query, store, keys, mapped, projector, clock, schema, media_dir
            )
    finally:
        await engine.dispose()
        await keys.close()


async def dinner(env: dict[str, str], *args: str) -> Result:
    """`dinner <args>` in a thread of its own (the command runs its own event loop)."""
    return await asyncio.to_thread(CliRunner().invoke, cli, list(args), env=env)
