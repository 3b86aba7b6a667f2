"""One typed async handler per event type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from consumers.errors import PermanentError
from schemas.envelope import RecordedEvent

Handler = Callable[[RecordedEvent], Awaitable[None]]


class HandlerRegistry:
    def __init__(self, *, ignore_unhandled: bool = False) -> None:
        """`ignore_unhandled`: a queue bound to every event acks types it has no use for;
        otherwise an unexpected type is a routing mistake and goes to the dead-letter queue."""
        self._handlers: dict[str, Handler] = {}
        self._ignore_unhandled = ignore_unhandled

    def on(self, event_type: str, handler: Handler) -> HandlerRegistry:
        self._handlers[event_type] = handler
        return self

    async def dispatch(self, event: RecordedEvent) -> None:
        handler = self._handlers.get(event.type)
        if handler is not None:
            await handler(event)
        elif not self._ignore_unhandled:
            raise PermanentError(f"no handler for event type {event.type!r}")
