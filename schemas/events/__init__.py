"""Domain events, one module per aggregate, each with a stable type name and schema version."""

from __future__ import annotations

from typing import get_args

from schemas.events.base import DomainEvent
from schemas.events.menu import MenuEvent, MenuItemAdded, MenuItemChanged
from schemas.events.order import (
    CakeDesignFailed,
    CakeDesignGenerated,
    CakeDesignRequested,
    CookingStarted,
    OrderCancelled,
    OrderConfirmed,
    OrderDelivered,
    OrderDispatched,
    OrderEvent,
    OrderItemsChanged,
    OrderLine,
    OrderPaid,
    OrderPlaced,
    OrderReady,
    OrderRejected,
)
from schemas.events.user import (
    UserDisabled,
    UserEnabled,
    UserEvent,
    UserPasswordChanged,
    UserRegistered,
    UserRoleChanged,
)
from schemas.events.voice_order import (
    OrderDraft,
    VoiceOrderAccepted,
    VoiceOrderEvent,
    VoiceOrderFailed,
    VoiceOrderInterpreted,
    VoiceOrderSubmitted,
    VoiceStage,
    VoiceTranscribed,
)

ORDER_EVENT_CLASSES: tuple[type[OrderEvent], ...] = get_args(OrderEvent)
MENU_EVENT_CLASSES: tuple[type[MenuEvent], ...] = get_args(MenuEvent)
VOICE_ORDER_EVENT_CLASSES: tuple[type[VoiceOrderEvent], ...] = get_args(VoiceOrderEvent)
USER_EVENT_CLASSES: tuple[type[UserEvent], ...] = get_args(UserEvent)

__all__ = [
    "MENU_EVENT_CLASSES",
    "ORDER_EVENT_CLASSES",
    "USER_EVENT_CLASSES",
    "VOICE_ORDER_EVENT_CLASSES",
    "CakeDesignFailed",
    "CakeDesignGenerated",
    "CakeDesignRequested",
    "CookingStarted",
    "DomainEvent",
    "MenuEvent",
    "MenuItemAdded",
    "MenuItemChanged",
    "OrderCancelled",
    "OrderConfirmed",
    "OrderDelivered",
    "OrderDispatched",
    "OrderDraft",
    "OrderEvent",
    "OrderItemsChanged",
    "OrderLine",
    "OrderPaid",
    "OrderPlaced",
    "OrderReady",
    "OrderRejected",
    "UserDisabled",
    "UserEnabled",
    "UserEvent",
    "UserPasswordChanged",
    "UserRegistered",
    "UserRoleChanged",
    "VoiceOrderAccepted",
    "VoiceOrderEvent",
    "VoiceOrderFailed",
    "VoiceOrderInterpreted",
    "VoiceOrderSubmitted",
    "VoiceStage",
    "VoiceTranscribed",
]
