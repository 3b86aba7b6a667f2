"""Which aggregate a command belongs to: its decider, its stream, and whether it starts one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, cast, get_args

from domain import MENU, ORDER, USER, VOICE_ORDER, Decider
from schemas.commands import (
    Command,
    MenuCommand,
    OrderCommand,
    PlaceOrder,
    RegisterUser,
    SubmitVoiceOrder,
    UserCommand,
    VoiceOrderCommand,
)
from schemas.streams import MENU_STREAM, StreamId

# Commands that name a stream minted just now: nothing to load, nothing to retry.
STARTS_A_STREAM: Final = (PlaceOrder, SubmitVoiceOrder, RegisterUser)

_ORDER_COMMANDS: Final = get_args(OrderCommand)
_VOICE_ORDER_COMMANDS: Final = get_args(VoiceOrderCommand)
_MENU_COMMANDS: Final = get_args(MenuCommand)
_USER_COMMANDS: Final = get_args(UserCommand)


@dataclass(frozen=True)
class Route:
    decider: Decider[Any, Any, Any]
    stream_id: str
    starts_stream: bool


def route(command: Command) -> Route:
    starts = isinstance(command, STARTS_A_STREAM)
    if isinstance(command, _ORDER_COMMANDS):
        order_id = cast(OrderCommand, command).order_id
        return Route(ORDER, StreamId.order(order_id), starts)
    if isinstance(command, _VOICE_ORDER_COMMANDS):
        voice_order_id = cast(VoiceOrderCommand, command).voice_order_id
        return Route(VOICE_ORDER, StreamId.voice_order(voice_order_id), starts)
    if isinstance(command, _MENU_COMMANDS):
        return Route(MENU, MENU_STREAM, starts)
    if isinstance(command, _USER_COMMANDS):
        return Route(USER, StreamId.user(cast(UserCommand, command).user_id), starts)
    raise TypeError(f"no aggregate handles {type(command).__name__}")
