"""Commands, imperative and frozen, one module per aggregate."""

from __future__ import annotations

from typing import get_args

from schemas.commands.base import Command
from schemas.commands.menu import AddMenuItem, ChangeMenuItem, MenuCommand, SeedMenu
from schemas.commands.order import (
    CancelOrder,
    ChangeOrderItems,
    ConfirmOrder,
    DeliverOrder,
    DispatchOrder,
    FailCakeDesign,
    MarkOrderReady,
    OrderCommand,
    PayOrder,
    PlaceOrder,
    RecordCakeDesign,
    RejectOrder,
    RequestCakeDesign,
    StartCooking,
)
from schemas.commands.user import (
    ChangeUserPassword,
    ChangeUserRole,
    DisableUser,
    EnableUser,
    RegisterUser,
    UserCommand,
)
from schemas.commands.voice_order import (
    AcceptVoiceOrder,
    FailVoiceOrder,
    RecordInterpretation,
    RecordTranscript,
    SubmitVoiceOrder,
    VoiceOrderCommand,
)

COMMAND_CLASSES: dict[str, type[Command]] = {
    cls.__name__: cls
    for cls in (
        *get_args(OrderCommand),
        *get_args(MenuCommand),
        *get_args(VoiceOrderCommand),
        *get_args(UserCommand),
    )
}

__all__ = [
    "COMMAND_CLASSES",
    "AcceptVoiceOrder",
    "AddMenuItem",
    "CancelOrder",
    "ChangeMenuItem",
    "ChangeOrderItems",
    "ChangeUserPassword",
    "ChangeUserRole",
    "Command",
    "ConfirmOrder",
    "DeliverOrder",
    "DisableUser",
    "DispatchOrder",
    "EnableUser",
    "FailCakeDesign",
    "FailVoiceOrder",
    "MarkOrderReady",
    "MenuCommand",
    "OrderCommand",
    "PayOrder",
    "PlaceOrder",
    "RecordCakeDesign",
    "RecordInterpretation",
    "RecordTranscript",
    "RegisterUser",
    "RejectOrder",
    "RequestCakeDesign",
    "SeedMenu",
    "StartCooking",
    "SubmitVoiceOrder",
    "UserCommand",
    "VoiceOrderCommand",
]
