"""Applies batches of events to the read models, each batch in one transaction.

Per read model and stream, the last applied revision is kept in the same transaction as the
change, so a redelivered event is skipped. An event that arrives ahead of an earlier revision
of its stream (a retried message overtaken by later ones) has the missing revisions fetched
from the event store and applied first.

Personal fields are revealed (decrypted) before any model folds them; a field whose key was
destroyed reads "[redacted]". Keys are read after the batch's lock is taken, so forgetting a
customer (which re-projects under the exclusive lock) never races a batch into plaintext.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eventstore.port import EventStore
from privacy.personal_data import NO_PERSONAL_DATA, PersonalData
from projections.events import ProjectedEvent, projected, revealed
from projections.model import ReadModel, Tables
from projections.registry import READ_MODELS
from projections.sql_tables import SqlTables
from projections.tables import projector_checkpoints

# Live batches share this lock; a rebuild's swap takes it exclusively for a moment.
SWAP_LOCK = 0x6469_6E6E  # "dinn"


class Projector:
    def __init__(
        self,
        engine: AsyncEngine,
        store: EventStore,
        *,
        schema: str,
        models: Sequence[ReadModel] = READ_MODELS,
        name: str | None = "projections",
        personal: PersonalData = NO_PERSONAL_DATA,
    ) -> None:
        """`name`: the checkpoint this projector advances; None keeps none (a rebuild)."""
        self._engine = engine.execution_options(schema_translate_map={None: schema})
        self._store = store
        self._models = models
        self._name = name
        self._personal = personal
        self.schema = schema

    async def apply(self, events: Sequence[ProjectedEvent]) -> int:
        """Applies what is new to each model; returns how many (model, event) pairs."""
        async with self._engine.begin() as connection:
            await connection.execute(text(f"SELECT pg_advisory_xact_lock_shared({SWAP_LOCK})"))
            return await self.apply_in(connection, events)

    async def apply_in(self, connection: AsyncConnection, events: Sequence[ProjectedEvent]) -> int:
        applied = await self.apply_with(SqlTables(connection), events)
        if events and self._name is not None:
            await self._checkpoint(connection, max(e.position for e in events), applied)
        return applied

    async def apply_with(self, tables: Tables, events: Sequence[ProjectedEvent]) -> int:
        """Applies through `tables` (whose transaction the caller owns); keeps no checkpoint."""
        applied = 0
        events = await revealed(self._personal, events)
        by_category: dict[str, list[ProjectedEvent]] = {}
        for event in events:
            by_category.setdefault(event.category, []).append(event)
        for model in self._models:
            if len(model.categories) == 1:
                mine = by_category.get(next(iter(model.categories)), [])
            else:
                mine = [e for e in events if e.category in model.categories]
            fresh, revisions = await self._new_to(tables, model, mine) if mine else ([], {})
            if fresh:
                await model.apply(tables, fresh)
                await tables.store(
                    model.streams,
                    {s: {"stream_id": s, "revision": r} for s, r in revisions.items()},
                )
                applied += len(fresh)
        return applied

    async def _new_to(
        self, tables: Tables, model: ReadModel, events: list[ProjectedEvent]
    ) -> tuple[list[ProjectedEvent], dict[str, int]]:
        streams = {e.stream_id for e in events}
        known = await tables.load(model.streams, streams)
        last = {str(s): int(row["revision"]) for s, row in known.items()}
        fresh = _in_revision_order(events, last)
        if fresh is None:
            fresh = await self._sorted_out(events, last)
        fresh.sort(key=lambda e: e.position)
        return fresh, {s: r for s, r in last.items() if s in streams}

    async def _sorted_out(
        self, events: list[ProjectedEvent], last: dict[str, int]
    ) -> list[ProjectedEvent]:
        """What is new, with missing revisions fetched from the store; advances `last`."""
        fresh: list[ProjectedEvent] = []
        ordered = sorted(events, key=lambda e: (e.stream_id, e.revision))
        for stream, group in itertools.groupby(ordered, key=lambda e: e.stream_id):
            done = last.get(stream, -1)
            for event in group:
                if event.revision <= done:
                    continue
                if event.revision > done + 1:
                    fresh.extend(await self._missing(stream, done + 1, event.revision))
                fresh.append(event)
                done = event.revision
            last[stream] = done
        return fresh

    async def _missing(self, stream: str, first: int, before: int) -> list[ProjectedEvent]:
        gap = await self._store.read_stream(stream, from_revision=first, limit=before - first)
        if len(gap) != before - first:
            raise LookupError(f"{stream} revisions {first}..{before - 1} are not in the store")
        return await revealed(self._personal, [projected(e) for e in gap])

    async def _checkpoint(self, connection: AsyncConnection, position: int, applied: int) -> None:
        assert self._name is not None
        statement = insert(projector_checkpoints).values(
            name=self._name, position=position, events=applied, updated_at=datetime.now(UTC)
        )
        table = projector_checkpoints.c
        await connection.execute(
            statement.on_conflict_do_update(
                index_elements=["name"],
                set_={
                    "position": func.greatest(table.position, statement.excluded.position),
                    "events": table.events + statement.excluded.events,
                    "updated_at": statement.excluded.updated_at,
                },
            )
        )


def _in_revision_order(
    events: Sequence[ProjectedEvent], last: dict[str, int]
) -> list[ProjectedEvent] | None:
    """What is new in one pass, when each stream's events come in revision order without a
    gap (always, in a replay of the log); None otherwise. Advances `last` only on success."""
    done = dict(last)
    fresh: list[ProjectedEvent] = []
    for event in events:
        revision = done.get(event.stream_id, -1)
        if event.revision == revision + 1:
            fresh.append(event)
            done[event.stream_id] = event.revision
        elif event.revision > revision:
            return None
    last.update(done)
    return fresh
