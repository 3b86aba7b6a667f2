"""Commands, imperative and frozen, one module per aggregate."""

from __future__ import annotations

from typing import get_args

from schemas.commands.base import Command
from schemas.commands.menu import AddMenuItem, ChangeMenuItem, MenuCommand
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
    for cls in (*get_args(OrderCommand), *get_args(MenuCommand), *get_args(VoiceOrderCommand))
}

__all__ = [
    "COMMAND_CLASSES",
    "AcceptVoiceOrder",
    "AddMenuItem",
    "CancelOrder",
    "ChangeMenuItem",
    "ChangeOrderItems",
    "Command",
    "ConfirmOrder",
    "DeliverOrder",
    "DispatchOrder",
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
    "RejectOrder",
    "RequestCakeDesign",
    "StartCooking",
    "SubmitVoiceOrder",
    "VoiceOrderCommand",
]
