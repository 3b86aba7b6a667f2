"""The one command-handler shape: load the stream, fold, decide, append at the expected revision.

Personal fields of the decided events are sealed (encrypted under the customer's key) right
before the append, and revealed again when a stream is loaded, so the domain only ever sees
plaintext (or "[redacted]" once the customer is forgotten).

Only a version conflict is retried (the stream moved between load and append); every other
error surfaces at once. With `If-Match` the client named the revision itself, so a conflict
is its answer (412) and is never retried.

A `command_id` (derived from the client's Idempotency-Key) makes a command safe to run again
when the idempotency record could not say it already ran: a command API killed between the
append and storing the response, or a 503 after the commit. Its events get ids derived from
it, so running it again finds them in the stream and answers as the first run did instead of
appending a second order or refusing a transition that already happened.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from dinner.privacy.personal_data import NO_PERSONAL_DATA, PersonalData, reveal_recorded
from domain import Decider, fold
from eventstore.port import NO_STREAM, EventStore, WrongExpectedRevision
from schemas.envelope import EventMetadata, RecordedEvent
from schemas.events import DomainEvent
from schemas.registry import from_recorded, to_new_event


class Timed(Protocol):
    @property
    def at(self) -> datetime: ...


C = TypeVar("C", bound=Timed)
S = TypeVar("S")

CONFLICT_ATTEMPTS = 4


class PreconditionFailed(Exception):
    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(f"{stream_id} is at revision {actual}, If-Match named {expected}")
        self.expected = expected
        self.actual = actual


@dataclass(frozen=True)
class Outcome(Generic[S]):
    """What a command did: its new events (none when it changed nothing), the state after
    them, and where the stream stands."""

    revision: int
    position: int
    events: tuple[DomainEvent, ...]
    state: S


@dataclass(frozen=True)
class Loaded:
    revision: int
    position: int


class CommandHandler:
    def __init__(self, store: EventStore, personal: PersonalData = NO_PERSONAL_DATA) -> None:
        self._store = store
        self._personal = personal

    async def handle(
        self,
        decider: Decider[C, S, Any],
        stream_id: str,
        command_for: Callable[[S], C],
        metadata: EventMetadata,
        *,
        if_match: int | None = None,
        command_id: uuid.UUID | None = None,
    ) -> Outcome[S]:
        """`command_for` builds the command from the loaded state, e.g. to check ownership."""
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(WrongExpectedRevision),
            stop=stop_after_attempt(1 if if_match is not None else CONFLICT_ATTEMPTS),
            wait=wait_random_exponential(multiplier=0.005, max=0.05),
            reraise=True,
        ):
            with attempt:
                return await self._once(
                    decider, stream_id, command_for, metadata, if_match, command_id
                )
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def load(self, decider: Decider[Any, S, Any], stream_id: str) -> tuple[S, Loaded]:
        state, recorded = await self._load(decider, stream_id)
        return state, _loaded(recorded)

    async def _load(
        self, decider: Decider[Any, S, Any], stream_id: str
    ) -> tuple[S, list[RecordedEvent]]:
        recorded = await reveal_recorded(self._personal, await self._store.read_stream(stream_id))
        return fold(decider, (from_recorded(e) for e in recorded)), recorded

    async def create(
        self,
        decider: Decider[C, S, Any],
        stream_id: str,
        command: C,
        metadata: EventMetadata,
        *,
        command_id: uuid.UUID | None = None,
    ) -> Outcome[S]:
        """For a stream named by an id minted just now: nothing to load, nothing to retry.
        (Run again with the same `command_id`, the append finds its events already stored.)"""
        return await self._decide_and_append(
            decider, stream_id, decider.initial_state(), Loaded(NO_STREAM, 0), command, metadata,
            command_id,
        )  # fmt: skip

    async def _once(
        self,
        decider: Decider[C, S, Any],
        stream_id: str,
        command_for: Callable[[S], C],
        metadata: EventMetadata,
        if_match: int | None,
        command_id: uuid.UUID | None,
    ) -> Outcome[S]:
        state, recorded = await self._load(decider, stream_id)
        already = _run_before(recorded, command_id)
        if already is not None:
            return Outcome(already.revision, already.position, (), state)
        loaded = _loaded(recorded)
        if if_match is not None and if_match != loaded.revision:
            raise PreconditionFailed(stream_id, if_match, loaded.revision)
        try:
            return await self._decide_and_append(
                decider, stream_id, state, loaded, command_for(state), metadata, command_id
            )
        except WrongExpectedRevision as conflict:
            if if_match is not None:
                raise PreconditionFailed(stream_id, if_match, conflict.actual) from conflict
            raise

    async def _decide_and_append(
        self,
        decider: Decider[C, S, Any],
        stream_id: str,
        state: S,
        loaded: Loaded,
        command: C,
        metadata: EventMetadata,
        command_id: uuid.UUID | None = None,
    ) -> Outcome[S]:
        events = decider.decide(command, state)
        if not events:
            return Outcome(loaded.revision, loaded.position, (), state)
        after = fold(decider, events, state)
        new_events = await self._personal.seal(
            _subject(after),
            [
                to_new_event(
                    e, metadata=metadata, event_id=event_id(command_id, n), recorded_at=command.at
                )
                for n, e in enumerate(events)
            ],
        )
        result = await self._store.append(stream_id, new_events, loaded.revision)
        return Outcome(result.revision, result.position, tuple(events), after)


def event_id(command_id: uuid.UUID | None, n: int) -> uuid.UUID:
    """The id of a command's `n`-th event: derived from the command's id when it has one."""
    return uuid.uuid4() if command_id is None else uuid.uuid5(command_id, str(n))


def _run_before(recorded: list[RecordedEvent], command_id: uuid.UUID | None) -> Loaded | None:
    """Where the stream stood after this command's events, if they are already in it."""
    if command_id is None:
        return None
    by_id = {e.event_id: e for e in recorded}
    last, n = None, 0
    while (found := by_id.get(event_id(command_id, n))) is not None:
        last, n = found, n + 1
    return None if last is None else Loaded(last.revision, last.position)


def _subject(state: object) -> str | None:
    """Whose personal data a stream holds: its customer (orders, voice orders), if any."""
    customer_id = getattr(state, "customer_id", None)
    return customer_id if isinstance(customer_id, str) else None


def _loaded(recorded: list[RecordedEvent]) -> Loaded:
    if not recorded:
        return Loaded(NO_STREAM, 0)
    return Loaded(recorded[-1].revision, recorded[-1].position)
