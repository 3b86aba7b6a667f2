"""What a command carries besides itself, and what handling it gives back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Generic, TypeVar

from schemas.envelope import EventMetadata
from schemas.events import DomainEvent

S = TypeVar("S")


@dataclass(frozen=True)
class CommandContext:
    """Who sent a command and why (`metadata`), and how it may be run.

    `command_id` makes a command safe to run again (its events get ids derived from it, so a
    rerun finds them instead of appending twice); `if_match` is the revision the sender saw:
    a stream that has moved since is refused (PreconditionFailed), never retried."""

    metadata: EventMetadata
    command_id: uuid.UUID | None = None
    if_match: int | None = None


@dataclass(frozen=True)
class CommandResult(Generic[S]):
    """What a command did: its new events (none when it changed nothing), the state after
    them, and where the stream stands."""

    stream_id: str
    revision: int
    position: int
    events: tuple[DomainEvent, ...]
    state: S


class PreconditionFailed(Exception):
    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(f"{stream_id} is at revision {actual}, If-Match named {expected}")
        self.expected = expected
        self.actual = actual
