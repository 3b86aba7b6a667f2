"""One typed async handler per event type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from consumers.envelope import Envelope
from consumers.errors import PermanentError
from schemas.events import DomainEvent

E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[Envelope[E]], Awaitable[None]]


class HandlerRegistry:
    """Dispatches each envelope to the handler of its event class; a runtime handler itself."""

    def __init__(self, *, ignore_unhandled: bool = False) -> None:
        """`ignore_unhandled`: a queue bound to every event acks catalogue types it has no use
        for; otherwise an unexpected type is a routing mistake and goes to the dead-letter queue.

        A type outside the catalogue never gets this far: the runtime cannot decode it and
        dead-letters it. Acked, it would be lost; dead-lettered, it can be looked at and
        replayed once the consumer knows it."""
        self._handlers: dict[str, Handler[Any]] = {}
        self._ignore_unhandled = ignore_unhandled

    def on(self, event_class: type[E], handler: Handler[E]) -> HandlerRegistry:
        self._handlers[event_class.event_type] = handler
        return self

    async def __call__(self, envelope: Envelope[DomainEvent]) -> None:
        handler = self._handlers.get(envelope.type)
        if handler is not None:
            await handler(envelope)
        elif not self._ignore_unhandled:
            raise PermanentError(f"no handler for event type {envelope.type!r}")
