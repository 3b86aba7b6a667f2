"""One typed async handler per event type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from consumers.errors import PermanentError
from schemas.envelope import RecordedEvent
from schemas.registry import EVENT_CLASSES, from_recorded

Handler = Callable[[RecordedEvent], Awaitable[None]]


class HandlerRegistry:
    def __init__(self, *, ignore_unhandled: bool = False, validate: bool = False) -> None:
        """`ignore_unhandled`: a queue bound to every event acks catalogue types it has no use
        for; otherwise an unexpected type is a routing mistake and goes to the dead-letter queue.

        `validate`: each payload is checked against its event type's schema before its handler
        sees it, so a payload that can never be handled goes to the dead-letter queue at once
        instead of failing in the handler and climbing the retry ladder."""
        self._handlers: dict[str, Handler] = {}
        self._ignore_unhandled = ignore_unhandled
        self._validate = validate

    def on(self, event_type: str, handler: Handler) -> HandlerRegistry:
        self._handlers[event_type] = handler
        return self

    async def dispatch(self, event: RecordedEvent) -> None:
        if self._validate:
            from_recorded(event)  # raises EventDecodingError, which the runtime dead-letters
        handler = self._handlers.get(event.type)
        if handler is not None:
            await handler(event)
        elif not (self._ignore_unhandled and event.type in EVENT_CLASSES):
            # Only types of the event catalogue are ever ignored. The relay publishes what the
            # store holds and the bindings pick what reaches each queue, so a type outside the
            # catalogue is a forged or corrupt message, or one from a newer producer than this
            # consumer: acked, it would be lost; dead-lettered, it can be looked at and
            # replayed once the consumer knows it.
            raise PermanentError(f"no handler for event type {event.type!r}")
