"""The pure domain: one decider per aggregate, no I/O.

A command handler loads a stream, folds it with `fold`, calls `decide`, and appends the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, get_args

from domain import menu, order, user, voice_order
from schemas.commands import MenuCommand, OrderCommand, UserCommand, VoiceOrderCommand
from schemas.events import DomainEvent, MenuEvent, OrderEvent, UserEvent, VoiceOrderEvent
from schemas.values import MenuState

C = TypeVar("C")
S = TypeVar("S")
E = TypeVar("E")


@dataclass(frozen=True)
class Decider(Generic[C, S, E]):
    name: str
    initial_state: Callable[[], S]
    evolve: Callable[[S, E], S]
    decide: Callable[[C, S], list[E]]
    event_types: tuple[type[E], ...]


def fold(decider: Decider[Any, S, E], events: Iterable[DomainEvent], state: S | None = None) -> S:
    """The state after `events`, starting from `state` or the decider's initial state."""
    current = decider.initial_state() if state is None else state
    for event in events:
        if not isinstance(event, decider.event_types):
            raise TypeError(f"{event.event_type} does not belong to a {decider.name} stream")
        current = decider.evolve(current, event)
    return current


ORDER: Decider[OrderCommand, order.OrderState, OrderEvent] = Decider(
    "order", order.initial_state, order.evolve, order.decide, get_args(OrderEvent)
)
MENU: Decider[MenuCommand, MenuState, MenuEvent] = Decider(
    "menu", menu.initial_state, menu.evolve, menu.decide, get_args(MenuEvent)
)
VOICE_ORDER: Decider[VoiceOrderCommand, voice_order.VoiceOrderState, VoiceOrderEvent] = Decider(
    "voice order",
    voice_order.initial_state,
    voice_order.evolve,
    voice_order.decide,
    get_args(VoiceOrderEvent),
)

USER: Decider[UserCommand, user.UserState, UserEvent] = Decider(
    "user", user.initial_state, user.evolve, user.decide, get_args(UserEvent)
)

__all__ = ["MENU", "ORDER", "USER", "VOICE_ORDER", "Decider", "fold"]
