"""The event store adapter chosen by `EVENT_STORE_URL`: KurrentDB or PostgreSQL."""

from __future__ import annotations

from dinner.settings import Settings
from eventstore.port import EventStore
from eventstore.postgres import PostgresEventStore

KURRENTDB_SCHEMES = ("kurrentdb://", "kurrentdb+discover://", "esdb://", "esdb+discover://")


async def open_event_store(settings: Settings) -> EventStore:
    url = settings.event_store_url
    if url.startswith(KURRENTDB_SCHEMES):
        from eventstore.kurrentdb import KurrentDBEventStore

        return await KurrentDBEventStore.connect(url)
    return await PostgresEventStore.connect(
        url, schema=settings.database_schema, pool_size=settings.db_pool_size
    )
