"""Re-projects a customer's streams from the event store: what forgetting a customer needs.

Their rows and applied revisions are deleted from the read models that hold personal fields
(orders with their history, the kitchen queue, voice orders, their own user row), and their
streams' events are
applied again, revealed with the keys as they are now: after a forget, "[redacted]". Sales
and the menu hold no personal data, and re-applying sales would count the orders twice.

The live projector's batches wait on the swap lock meanwhile, and a rebuild must not run:
its side tables, built before the forget, may still hold plaintext, so they are dropped.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eventstore.port import EventStore
from privacy.forget import RebuildRunning
from privacy.personal_data import PersonalData
from projections.events import projected
from projections.model import ReadModel
from projections.projector import SWAP_LOCK, Projector
from projections.rebuild import REBUILD_LOCK, side_schema
from projections.registry import read_models
from projections.tables import orders, users, voice_orders
from schemas.streams import StreamId

PERSONAL_MODELS = read_models(["orders", "kitchen", "voice_orders", "users"])


@dataclass(frozen=True)
class CustomerStreams:
    streams: tuple[str, ...]
    audio_refs: tuple[str, ...]


async def customer_streams(engine: AsyncEngine, schema: str, customer_id: str) -> CustomerStreams:
    """The customer's order and voice-order streams, and their user stream when they are a
    registered user, as the read models know them.

    A stream not projected yet is not listed, and needs no re-projection: its events are
    revealed when they are projected, after the key is gone.
    """
    mapped = engine.execution_options(schema_translate_map={None: schema})
    async with mapped.connect() as connection:
        order_ids = await connection.scalars(
            select(orders.c.order_id).where(orders.c.customer_id == customer_id)
        )
        order_list = [StreamId.order(order_id) for order_id in order_ids]
        voices = await connection.execute(
            select(voice_orders.c.voice_order_id, voice_orders.c.audio_ref).where(
                voice_orders.c.customer_id == customer_id
            )
        )
        voice_rows = voices.all()
        user_ids = await connection.scalars(
            select(users.c.user_id).where(users.c.user_id == _user_id(customer_id))
        )
        user_list = [StreamId.user(user_id) for user_id in user_ids]
    streams = [
        *order_list,
        *(StreamId.voice_order(row.voice_order_id) for row in voice_rows),
        *user_list,
    ]
    return CustomerStreams(tuple(streams), tuple(row.audio_ref for row in voice_rows))


def _user_id(customer_id: str) -> UUID | None:
    """The user id a customer id names; a token subject that is no UUID names no user."""
    try:
        return UUID(customer_id)
    except ValueError:
        return None


@contextlib.asynccontextmanager
async def rebuilds_held_off(engine: AsyncEngine, schema: str) -> AsyncIterator[None]:
    """Holds the rebuild lock and drops an interrupted rebuild's side tables."""
    async with engine.connect() as guard:
        if not await guard.scalar(text(f"SELECT pg_try_advisory_lock({REBUILD_LOCK})")):
            raise RebuildRunning("a read-model rebuild is running; forget once it has finished")
        try:
            await guard.execute(text(f'DROP SCHEMA IF EXISTS "{side_schema(schema)}" CASCADE'))
            await guard.commit()
            yield
        finally:
            await guard.execute(text(f"SELECT pg_advisory_unlock({REBUILD_LOCK})"))
            await guard.commit()


async def reproject(
    engine: AsyncEngine,
    store: EventStore,
    *,
    schema: str,
    stream_ids: Sequence[str],
    personal: PersonalData,
    models: Sequence[ReadModel] = PERSONAL_MODELS,
) -> int:
    """Deletes and re-applies `stream_ids` in `models`; returns how many events were applied."""
    projector = Projector(engine, store, schema=schema, models=models, name=None, personal=personal)
    mapped = engine.execution_options(schema_translate_map={None: schema})
    async with mapped.begin() as connection:
        await connection.execute(text(f"SELECT pg_advisory_xact_lock({SWAP_LOCK})"))
        for model in models:
            await _discard(connection, model, stream_ids)
        events = [projected(e) for stream in stream_ids for e in await store.read_stream(stream)]
        events.sort(key=lambda event: event.position)
        await projector.apply_in(connection, events)
    return len(events)


async def _discard(connection: AsyncConnection, model: ReadModel, streams: Collection[str]) -> None:
    """What `model` holds for `streams`: its tables are keyed by the streams' aggregate ids."""
    mine = [stream for stream in streams if StreamId.category_of(stream) in model.categories]
    if not mine:
        return
    ids = [StreamId.uuid_of(stream) for stream in mine]
    for table in model.tables:
        if table is model.streams:
            await connection.execute(delete(table).where(table.c.stream_id.in_(mine)))
        else:
            key = table.primary_key.columns.values()[0]
            await connection.execute(delete(table).where(key.in_(ids)))
