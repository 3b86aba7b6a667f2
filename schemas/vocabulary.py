"""The words both sides share: order and voice-order statuses, which event sets which, and roles.

The write side's deciders, the read models, the query API and the tokens all take their values
from here, so a status or role is spelt once. The values are the strings in the JSON and the
OpenAPI documents; they are `Literal`s so that pydantic and FastAPI show them exactly as before.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

# --- orders --------------------------------------------------------------------------------------

OrderStatus = Literal[
    "placed",
    "paid",
    "confirmed",
    "cooking",
    "ready",
    "dispatched",
    "delivered",
    "rejected",
    "cancelled",
]
ORDER_STATUSES: Final[tuple[OrderStatus, ...]] = get_args(OrderStatus)
TERMINAL_ORDER_STATUSES: Final[frozenset[OrderStatus]] = frozenset(
    {"delivered", "rejected", "cancelled"}
)
# What the kitchen's queue shows: orders confirmed and not ready yet.
KITCHEN_STATUSES: Final[tuple[OrderStatus, ...]] = ("confirmed", "cooking")

# Event type → the order's status once it is applied; events not listed leave the status alone.
ORDER_STATUS_AFTER: Final[dict[str, OrderStatus]] = {
    "OrderPlaced": "placed",
    "OrderPaid": "paid",
    "OrderConfirmed": "confirmed",
    "OrderRejected": "rejected",
    "CookingStarted": "cooking",
    "OrderReady": "ready",
    "OrderDispatched": "dispatched",
    "OrderDelivered": "delivered",
    "OrderCancelled": "cancelled",
}

# --- voice orders --------------------------------------------------------------------------------

VoiceOrderStatus = Literal["submitted", "transcribed", "interpreted", "accepted", "failed"]
VOICE_ORDER_STATUSES: Final[tuple[VoiceOrderStatus, ...]] = get_args(VoiceOrderStatus)
# Still on its way through the AI stages: the only statuses a voice order can fail from.
OPEN_VOICE_ORDER_STATUSES: Final[frozenset[VoiceOrderStatus]] = frozenset(
    {"submitted", "transcribed", "interpreted"}
)
VOICE_ORDER_STATUS_AFTER: Final[dict[str, VoiceOrderStatus]] = {
    "VoiceOrderSubmitted": "submitted",
    "VoiceTranscribed": "transcribed",
    "VoiceOrderInterpreted": "interpreted",
    "VoiceOrderAccepted": "accepted",
    "VoiceOrderFailed": "failed",
}

# --- roles ---------------------------------------------------------------------------------------

# The roles a person holds in a token.
UserRole = Literal["customer", "staff", "admin", "auditor"]
USER_ROLES: Final[tuple[UserRole, ...]] = get_args(UserRole)
# Every actor an event can name: people, and "system" for the processes that act on their own
# (the AI worker recording results, the voice-order saga). No token carries "system".
Role = Literal[UserRole, "system"]
# Roles that act for the business rather than for themselves.
STAFF_ROLES: Final[frozenset[Role]] = frozenset({"staff", "admin", "system"})
# Who may watch every order live.
DASHBOARD_ROLES: Final[frozenset[Role]] = frozenset({"staff", "admin"})
