"""The EventStore port on KurrentDB (EventStoreDB), through its asyncio gRPC client.

Every append names the exact revision it builds the hash chain on, even when the caller
passes ANY, so a concurrent writer can never leave an event chained to the wrong predecessor.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager

import kurrentdbclient as kdb
from kurrentdbclient.exceptions import (
    CancelledByClientError,
    DeadlineExceededError,
    DiscoveryFailedError,
    GrpcError,
    InvalidCommitPositionError,
    NotFoundError,
    WrongCurrentVersionError,
)

from eventstore.batching import batched
from eventstore.kurrentdb_mapping import (
    chain,
    from_kurrent_event,
    is_tail,
    last_hash,
    location,
    ours,
    to_current_version,
)
from eventstore.port import (
    ANY,
    NO_STREAM,
    AppendResult,
    StoreUnavailable,
    UnknownPosition,
    WrongExpectedRevision,
)
from schemas.envelope import NewEvent, RecordedEvent

# Rounds of read-then-append before a writer racing on the same stream wins for good.
_APPEND_ATTEMPTS = 5


@contextmanager
def _translated(position: int = 0) -> Iterator[None]:
    """Client errors as the port's errors."""
    try:
        yield
    except InvalidCommitPositionError as error:
        raise UnknownPosition(position) from error
    except (GrpcError, DeadlineExceededError, DiscoveryFailedError) as error:
        raise StoreUnavailable(f"KurrentDB: {error}") from error


def _start(after_position: int) -> int | None:
    if after_position < 0:
        raise ValueError(f"not a position: {after_position}")
    return after_position or None


class KurrentDBEventStore:
    def __init__(self, client: kdb.AsyncKurrentDBClient) -> None:
        self._client = client

    @classmethod
    async def connect(cls, url: str) -> KurrentDBEventStore:
        """`kurrentdb://host:2113?tls=false` (or `esdb://…`, `kurrentdb+discover://…`)."""
        client = kdb.AsyncKurrentDBClient(uri=url)
        with _translated():
            await client.connect()
        return cls(client)

    async def append(
        self, stream_id: str, events: Sequence[NewEvent], expected_revision: int
    ) -> AppendResult:
        if not events:
            raise ValueError("append needs at least one event")
        to_current_version(expected_revision)  # refuses a nonsense value before any I/O
        with _translated():
            for _ in range(_APPEND_ATTEMPTS):
                try:
                    return await self._append_once(stream_id, events, expected_revision)
                except WrongCurrentVersionError:
                    continue  # raced: read again; a fixed expectation now fails as a conflict
            actual = await self._last_revision(stream_id)
        raise WrongExpectedRevision(stream_id, expected_revision, actual)

    async def _append_once(
        self, stream_id: str, events: Sequence[NewEvent], expected: int
    ) -> AppendResult:
        tail = await self._get(stream_id, backwards=True, limit=len(events))
        if is_tail(tail, events):
            return location(tail[0])
        last_revision = tail[0].stream_position if tail else NO_STREAM
        if expected not in (ANY, last_revision):
            return await self._stored_or_conflict(stream_id, events, expected, last_revision)
        last = tail[0] if tail else None
        chained = chain(stream_id, events, last_revision=last_revision, last_hash=last_hash(last))
        position = await self._client.append_to_stream(
            stream_id, events=chained, current_version=to_current_version(last_revision)
        )
        return AppendResult(revision=last_revision + len(events), position=position)

    async def _stored_or_conflict(
        self, stream_id: str, events: Sequence[NewEvent], expected: int, actual: int
    ) -> AppendResult:
        """Where `events` already sit right after `expected`, else the conflict."""
        stored = await self._get(stream_id, stream_position=expected + 1, limit=len(events))
        if [recorded.id for recorded in stored] == [event.event_id for event in events]:
            return location(stored[-1])
        raise WrongExpectedRevision(stream_id, expected, actual)

    async def _last_revision(self, stream_id: str) -> int:
        tail = await self._get(stream_id, backwards=True, limit=1)
        return tail[0].stream_position if tail else NO_STREAM

    async def _get(
        self,
        stream_id: str,
        *,
        stream_position: int | None = None,
        backwards: bool = False,
        limit: int | None = None,
    ) -> tuple[kdb.RecordedEvent, ...]:
        try:
            return await self._client.get_stream(
                stream_id,
                stream_position=stream_position,
                backwards=backwards,
                limit=sys.maxsize if limit is None else limit,
            )
        except NotFoundError:
            return ()

    async def read_stream(
        self,
        stream_id: str,
        *,
        from_revision: int | None = None,
        backwards: bool = False,
        limit: int | None = None,
    ) -> list[RecordedEvent]:
        if limit is not None and limit <= 0:
            return []
        with _translated():
            recorded = await self._get(
                stream_id, stream_position=from_revision, backwards=backwards, limit=limit
            )
        return ours(recorded)

    async def read_all(self, *, after_position: int = 0, limit: int = 500) -> list[RecordedEvent]:
        start = _start(after_position)
        events: list[RecordedEvent] = []
        if limit <= 0:
            return events
        with _translated(after_position):
            response = await self._client.read_all(commit_position=start)
            async with response:
                async for recorded in response:  # read lazily: foreign events do not count
                    event = from_kurrent_event(recorded)
                    if event is not None and event.position > after_position:
                        events.append(event)
                        if len(events) == limit:
                            break
            if not events and after_position:
                await self._require_position(after_position)
        return events

    async def _require_position(self, position: int) -> None:
        """Servers that read on from a position no event has must not pass silently."""
        response = await self._client.read_all(commit_position=position, limit=1)
        async with response:
            found = [recorded.commit_position async for recorded in response]
        if found != [position]:
            raise UnknownPosition(position)

    async def subscribe(self, *, after_position: int = 0) -> AsyncIterator[RecordedEvent]:
        start = _start(after_position)
        with _translated(after_position):
            if start is not None:
                await self._require_position(start)
            subscription = await self._client.subscribe_to_all(commit_position=start)
            async with subscription:
                try:
                    async for recorded in subscription:
                        event = from_kurrent_event(recorded)
                        if event is not None:
                            yield event
                except CancelledByClientError:
                    return  # the store was closed under the subscription

    def subscribe_batches(
        self, *, after_position: int = 0, limit: int = 500
    ) -> AsyncIterator[list[RecordedEvent]]:
        return batched(self.subscribe(after_position=after_position), limit)

    async def head_position(self) -> int:
        with _translated():
            response = await self._client.read_all(backwards=True)
            async with response:
                async for recorded in response:
                    if from_kurrent_event(recorded) is not None:
                        return recorded.commit_position
        return 0

    async def close(self) -> None:
        await self._client.close()
