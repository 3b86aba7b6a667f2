"""The one place where a command becomes events: `CommandService.handle(command, context)`.

The API routes, the AI worker, the CLI, seeding and process managers all come here; nothing
else calls a decider's `decide` or appends a command's events.

Only a version conflict is retried (the stream moved between load and append); every other
error surfaces at once. With `If-Match` the caller named the revision itself, so a conflict is
its answer (PreconditionFailed) and is never retried.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from domain import Decider
from domain.pricing import price_lines
from eventstore.port import EventStore, WrongExpectedRevision
from privacy.personal_data import NO_PERSONAL_DATA, PersonalData
from schemas.commands import Command
from schemas.events.order import OrderLine
from schemas.values import RequestedLine
from service_layer.context import CommandContext, CommandResult
from service_layer.menu_catalogue import MenuCatalogue
from service_layer.routing import route
from service_layer.unit_of_work import NEW_STREAM, StreamPosition, UnitOfWork, stream_position

CONFLICT_ATTEMPTS = 4
S = TypeVar("S")


class CommandService:
    def __init__(self, store: EventStore, personal: PersonalData = NO_PERSONAL_DATA) -> None:
        self._work = UnitOfWork(store, personal)
        self.menu = MenuCatalogue(store)

    async def handle(self, command: Command, context: CommandContext) -> CommandResult[Any]:
        target = route(command)
        if target.starts_stream:
            # Run again with the same command_id, the append finds its events already stored.
            initial = target.decider.initial_state()
            return await self._work.decide_and_append(
                target.decider, target.stream_id, initial, NEW_STREAM, command, context
            )
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(WrongExpectedRevision),
            stop=stop_after_attempt(1 if context.if_match is not None else CONFLICT_ATTEMPTS),
            wait=wait_random_exponential(multiplier=0.005, max=0.05),
            reraise=True,
        ):
            with attempt:
                return await self._work.run(target.decider, target.stream_id, command, context)
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def load(self, decider: Decider[Any, S, Any], stream_id: str) -> tuple[S, StreamPosition]:
        """A stream's current state (personal data revealed) and where it stands."""
        state, recorded = await self._work.load(decider, stream_id)
        return state, stream_position(recorded)

    async def quote(self, lines: Sequence[RequestedLine]) -> tuple[tuple[OrderLine, ...], int]:
        """The lines priced against the current menu, and their total, exactly as placing
        them now would record them; nothing is stored. Raises RuleViolation as placing would."""
        return price_lines(await self.menu.current(), lines)
