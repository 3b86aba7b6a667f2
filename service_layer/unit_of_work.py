"""One command, one stream: load it, fold, decide, append at the revision it was loaded at.

Personal fields of the decided events are sealed (encrypted under the customer's key) right
before the append, and revealed again when a stream is loaded, so the domain only ever sees
plaintext (or "[redacted]" once the customer is forgotten).

A `command_id` (derived from the client's Idempotency-Key) makes a command safe to run again
when the idempotency record could not say it already ran: a process killed between the append
and storing the response, or a 503 after the commit. Its events get ids derived from it, so
running it again finds them in the stream and answers as the first run did instead of
appending a second order or refusing a transition that already happened.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from domain import Decider, fold
from eventstore.port import NO_STREAM, EventStore, WrongExpectedRevision
from privacy.personal_data import PersonalData, reveal_recorded
from schemas.commands import Command
from schemas.envelope import RecordedEvent
from schemas.registry import from_recorded, to_new_event
from service_layer.context import CommandContext, CommandResult, PreconditionFailed

S = TypeVar("S")


@dataclass(frozen=True)
class StreamPosition:
    revision: int
    position: int


NEW_STREAM = StreamPosition(NO_STREAM, 0)


class UnitOfWork:
    def __init__(self, store: EventStore, personal: PersonalData) -> None:
        self._store = store
        self._personal = personal

    async def load(
        self, decider: Decider[Any, S, Any], stream_id: str
    ) -> tuple[S, list[RecordedEvent]]:
        recorded = await reveal_recorded(self._personal, await self._store.read_stream(stream_id))
        return fold(decider, (from_recorded(e) for e in recorded)), recorded

    async def run(
        self,
        decider: Decider[Any, S, Any],
        stream_id: str,
        command: Command,
        context: CommandContext,
    ) -> CommandResult[S]:
        state, recorded = await self.load(decider, stream_id)
        already = _run_before(recorded, context.command_id)
        if already is not None:
            return CommandResult(stream_id, already.revision, already.position, (), state)
        loaded = stream_position(recorded)
        if context.if_match is not None and context.if_match != loaded.revision:
            raise PreconditionFailed(stream_id, context.if_match, loaded.revision)
        try:
            return await self.decide_and_append(decider, stream_id, state, loaded, command, context)
        except WrongExpectedRevision as conflict:
            if context.if_match is not None:
                raise PreconditionFailed(stream_id, context.if_match, conflict.actual) from conflict
            raise

    async def decide_and_append(
        self,
        decider: Decider[Any, S, Any],
        stream_id: str,
        state: S,
        loaded: StreamPosition,
        command: Command,
        context: CommandContext,
    ) -> CommandResult[S]:
        events = decider.decide(command, state)
        if not events:
            return CommandResult(stream_id, loaded.revision, loaded.position, (), state)
        after = fold(decider, events, state)
        at = _stamped(command)
        new_events = await self._personal.seal(
            _subject(after),
            [
                to_new_event(
                    e,
                    metadata=context.metadata,
                    event_id=event_id(context.command_id, n),
                    recorded_at=at,
                )
                for n, e in enumerate(events)
            ],
        )
        result = await self._store.append(stream_id, new_events, loaded.revision)
        return CommandResult(stream_id, result.revision, result.position, tuple(events), after)


def event_id(command_id: uuid.UUID | None, n: int) -> uuid.UUID:
    """The id of a command's `n`-th event: derived from the command's id when it has one."""
    return uuid.uuid4() if command_id is None else uuid.uuid5(command_id, str(n))


def stream_position(recorded: list[RecordedEvent]) -> StreamPosition:
    if not recorded:
        return NEW_STREAM
    return StreamPosition(recorded[-1].revision, recorded[-1].position)


def _run_before(
    recorded: list[RecordedEvent], command_id: uuid.UUID | None
) -> StreamPosition | None:
    """Where the stream stood after this command's events, if they are already in it."""
    if command_id is None:
        return None
    by_id = {e.event_id: e for e in recorded}
    last, n = None, 0
    while (found := by_id.get(event_id(command_id, n))) is not None:
        last, n = found, n + 1
    return None if last is None else StreamPosition(last.revision, last.position)


def _subject(state: object) -> str | None:
    """Whose personal data a stream holds: its customer (orders, voice orders) or, for a
    user's own stream, the user (the id their orders name as customer), if any."""
    customer_id = getattr(state, "customer_id", None)
    if isinstance(customer_id, str):
        return customer_id
    user_id = getattr(state, "user_id", None)
    return str(user_id) if isinstance(user_id, uuid.UUID) else None


def _stamped(command: Command) -> datetime:
    """When the command was given: every command carries `at`, and its events are recorded
    with it (the clock is read by the caller, never here)."""
    at = getattr(command, "at", None)
    if not isinstance(at, datetime):
        raise TypeError(f"{type(command).__name__} carries no time")
    return at
