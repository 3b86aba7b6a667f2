"""What the rest of the system needs from an event store, whatever backs it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from schemas.envelope import NewEvent, RecordedEvent

# Expected-revision values besides a concrete revision (>= 0).
NO_STREAM: Final = -1
ANY: Final = -2


class EventStoreError(Exception):
    """Base of every error an event store adapter raises on purpose."""


class WrongExpectedRevision(EventStoreError):
    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        super().__init__(
            f"stream {stream_id!r} is at revision {actual}, the append expected {expected}"
        )
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual


class DuplicateEventId(EventStoreError):
    """An event id is already stored in another stream: a caller bug, never retried."""


class UnknownPosition(EventStoreError):
    def __init__(self, position: int) -> None:
        super().__init__(f"no event at global position {position}")
        self.position = position


class StoreUnavailable(EventStoreError):
    """The backend could not be reached; the caller may retry later (HTTP 503)."""


@dataclass(frozen=True)
class AppendResult:
    """Where the last appended event landed."""

    revision: int
    position: int


class EventStore(Protocol):
    async def append(
        self, stream_id: str, events: Sequence[NewEvent], expected_revision: int
    ) -> AppendResult:
        """Append atomically after `expected_revision` (a revision, NO_STREAM or ANY).

        Re-appending events whose `event_id`s are already stored in that stream succeeds and
        returns where they were stored; any other conflict raises WrongExpectedRevision.
        """
        ...

    async def read_stream(
        self,
        stream_id: str,
        *,
        from_revision: int | None = None,
        backwards: bool = False,
        limit: int | None = None,
    ) -> list[RecordedEvent]:
        """Events of one stream from `from_revision` (inclusive; None: its start, or its end
        when reading backwards); [] for an unknown stream."""
        ...

    async def read_all(self, *, after_position: int = 0, limit: int = 500) -> list[RecordedEvent]:
        """The global log after the event at `after_position` (0: from the start).

        Only events that can no longer be preceded by a later commit are returned, so a
        reader that checkpoints the last position it saw never skips one.
        """
        ...

    def subscribe(self, *, after_position: int = 0) -> AsyncIterator[RecordedEvent]:
        """Like `read_all`, then waits for new events; runs until cancelled."""
        ...

    def subscribe_batches(
        self, *, after_position: int = 0, limit: int = 500
    ) -> AsyncIterator[list[RecordedEvent]]:
        """`subscribe` in non-empty batches of at most `limit`, as fast as they are available."""
        ...

    async def head_position(self) -> int:
        """The position of the last event a reader may see now (0 when empty)."""
        ...

    async def close(self) -> None: ...
