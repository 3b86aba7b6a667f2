"""The composition root every process shares: `open_services(settings, needs=...)`.

Each process names what it needs; the adapters are chosen by configuration, opened in order
on one AsyncExitStack and closed in reverse, whatever happens in between. Adding a
dependency (or tracing around one) is done here, once, for every process.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import TypeVar

import asyncpg
import redis.asyncio as redis
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bootstrap.event_store import open_event_store
from dinner.migrate import sqlalchemy_url
from dinner.settings import Settings
from eventstore.port import EventStore
from eventstore.postgres import create_pool
from privacy.forget import Forgetter
from privacy.keys import KeyStore, PostgresKeyStore, open_key_store
from privacy.personal_data import NO_PERSONAL_DATA, EncryptedPersonalData, PersonalData
from service_layer import CommandService

T = TypeVar("T")


class Needs(enum.Flag):
    EVENT_STORE = enum.auto()
    KEYS = enum.auto()
    # The read models' database, without a schema mapping (callers add one where they read).
    SQL = enum.auto()
    REDIS = enum.auto()
    # A plain asyncpg pool on the read-side database (the relay's checkpoints).
    PG_POOL = enum.auto()
    # The service layer over the event store, sealing personal data with the keys.
    COMMANDS = EVENT_STORE | KEYS
    # Crypto-shredding: keys, the event store and the read side to re-project.
    FORGETTING = EVENT_STORE | KEYS | SQL


@dataclass
class Services:
    """What `open_services` opened; asking for something not opened is a programming error."""

    settings: Settings
    needs: Needs
    _store: EventStore | None = None
    _keys: KeyStore | None = None
    _sql: AsyncEngine | None = None
    _redis: redis.Redis | None = None
    _pg_pool: asyncpg.Pool | None = None
    _commands: CommandService | None = field(default=None, repr=False)

    @property
    def store(self) -> EventStore:
        return _opened(self._store, "EVENT_STORE")

    @property
    def keys(self) -> KeyStore:
        return _opened(self._keys, "KEYS")

    @property
    def sql(self) -> AsyncEngine:
        return _opened(self._sql, "SQL")

    @property
    def redis(self) -> redis.Redis:
        return _opened(self._redis, "REDIS")

    @property
    def key_admin(self) -> PostgresKeyStore:
        """The key store with its operators' tools (rotate, rewrap), which the port omits."""
        keys = self.keys
        if not isinstance(keys, PostgresKeyStore):
            raise RuntimeError(f"{type(keys).__name__} has no key administration")
        return keys

    @property
    def pg_pool(self) -> asyncpg.Pool:
        return _opened(self._pg_pool, "PG_POOL")

    @property
    def personal(self) -> PersonalData:
        """Seals personal fields on append and reveals them on load (a no-op without keys)."""
        return NO_PERSONAL_DATA if self._keys is None else EncryptedPersonalData(self._keys)

    @property
    def commands(self) -> CommandService:
        if self._commands is None:
            self._commands = CommandService(self.store, self.personal)
        return self._commands

    def forgetting(self) -> Forgetter:
        # Imported here: only the processes that forget need the re-projection code.
        from projections.forgetting import Forgetting

        return Forgetting(
            self.keys,
            self.store,
            self.sql,
            self.settings.database_schema,
            self.settings.media_dir,
        )


@asynccontextmanager
async def open_services(
    settings: Settings,
    needs: Needs,
    *,
    sql_pool_size: int | None = None,
    pg_pool_size: int | None = None,
) -> AsyncIterator[Services]:
    async with AsyncExitStack() as stack:
        services = Services(settings, needs)
        if Needs.EVENT_STORE in needs:
            services._store = store = await open_event_store(settings)
            stack.push_async_callback(store.close)
        if Needs.KEYS in needs:
            services._keys = keys = await open_key_store(settings)
            stack.push_async_callback(keys.close)
        if Needs.SQL in needs:
            services._sql = engine = create_async_engine(
                sqlalchemy_url(settings.database_url),
                pool_size=sql_pool_size or settings.db_pool_size,
                pool_pre_ping=True,
            )
            stack.push_async_callback(engine.dispose)
        if Needs.REDIS in needs:
            services._redis = client = redis.from_url(settings.redis_url)
            stack.push_async_callback(client.aclose)
        if Needs.PG_POOL in needs:
            services._pg_pool = pool = await create_pool(
                settings.database_url, max_size=pg_pool_size or settings.db_pool_size
            )
            stack.push_async_callback(pool.close)
        yield services


def _opened(value: T | None, need: str) -> T:
    if value is None:
        raise RuntimeError(f"not opened: pass Needs.{need} to open_services")
    return value
