"""How `dinner audit` shows things: a stream replayed state by state, a verification result."""

from __future__ import annotations

import itertools
from dataclasses import fields, is_dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from pydantic_core import to_json
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from domain import MENU, ORDER, VOICE_ORDER, Decider
from eventstore.port import EventStore
from privacy.personal_data import PersonalData, reveal_recorded
from query_api.audit_chain import Verification
from schemas.envelope import RecordedEvent
from schemas.registry import from_recorded
from schemas.streams import StreamId

DECIDERS: dict[str, Decider[Any, Any, Any]] = {"order": ORDER, "voice": VOICE_ORDER, "menu": MENU}


def state_fields(state: object) -> dict[str, str]:
    return {name: _text(value) for name, value in _members(state).items()}


def _members(value: object) -> dict[str, object]:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    if isinstance(value, BaseModel):
        return dict(value)
    return {"value": value}


def _text(value: object) -> str:
    """Compact and readable: one line per list item, `name=value` for nested records."""
    match value:
        case None:
            return "-"
        case str() | int() | float() | UUID():
            return str(value)
        case datetime():
            return value.isoformat()
        case list() | tuple():
            return "\n".join(_text(item) for item in value) or "-"
        case dict():
            return "\n".join(f"{_text(k)}: {_text(v)}" for k, v in value.items()) or "-"
        case BaseModel():
            return ", ".join(f"{k}={_text(v)}" for k, v in _members(value).items() if v is not None)
    if is_dataclass(value):
        return ", ".join(f"{k}={_text(v)}" for k, v in _members(value).items() if v is not None)
    return to_json(value).decode()


def event_table(event: RecordedEvent, now: dict[str, str], before: dict[str, str]) -> Table:
    actor = event.metadata.actor
    table = Table(
        title=f"revision {event.revision} · {event.type}",
        caption=f"position {event.position} · recorded {event.recorded_at.isoformat()} · "
        f"by {actor.role} {escape(actor.user_id)}",
        title_justify="left",
    )
    table.add_column("field", style="cyan", no_wrap=True)
    table.add_column("value", overflow="fold")
    for name, value in now.items():
        changed = before.get(name) != value
        table.add_row(name, escape(value), style="bold yellow" if changed else None)
    return table


async def replay_stream(
    console: Console,
    store: EventStore,
    personal: PersonalData,
    stream_id: str,
    to_revision: int | None,
    to_time: datetime | None,
) -> int:
    """Prints the state after each event; returns how many events were shown."""
    decider = DECIDERS[StreamId.category_of(stream_id)]
    limit = None if to_revision is None else to_revision + 1
    events = await store.read_stream(stream_id, limit=limit)
    if to_time is not None:
        events = list(itertools.takewhile(lambda e: e.recorded_at <= to_time, events))
    state, before = decider.initial_state(), state_fields(decider.initial_state())
    for event in await reveal_recorded(personal, events):
        state = decider.evolve(state, from_recorded(event))
        now = state_fields(state)
        console.print(event_table(event, now, before))
        before = now
    return len(events)


def show_verification(
    console: Console, result: Verification, *, unknown_stream: bool = False
) -> None:
    verdict = "[green]intact[/green]" if result.ok else "[bold red]BROKEN[/bold red]"
    console.print(
        f"hash chains {verdict}: {result.streams_checked:,} streams, "
        f"{result.events_checked:,} events checked"
    )
    if unknown_stream:
        console.print("[red]no such stream[/red]")
    broken = result.first_broken
    if broken is not None:
        table = Table("stream", "revision", "position", "reason", title="first broken link")
        table.add_row(
            escape(broken.stream_id),
            str(broken.revision),
            str(broken.position),
            escape(broken.reason),
        )
        console.print(table)
