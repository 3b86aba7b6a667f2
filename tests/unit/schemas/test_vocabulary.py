"""The shared vocabulary: every status map names real events and reaches every status."""

from __future__ import annotations

from typing import get_args

from schemas.events import ORDER_EVENT_CLASSES, VOICE_ORDER_EVENT_CLASSES
from schemas.vocabulary import (
    DASHBOARD_ROLES,
    KITCHEN_STATUSES,
    OPEN_VOICE_ORDER_STATUSES,
    ORDER_STATUS_AFTER,
    ORDER_STATUSES,
    STAFF_ROLES,
    TERMINAL_ORDER_STATUSES,
    USER_ROLES,
    VOICE_ORDER_STATUS_AFTER,
    VOICE_ORDER_STATUSES,
    Role,
)


def test_each_order_status_is_set_by_an_order_event() -> None:
    order_events = {cls.event_type for cls in ORDER_EVENT_CLASSES}
    assert set(ORDER_STATUS_AFTER) <= order_events
    assert sorted(ORDER_STATUS_AFTER.values()) == sorted(ORDER_STATUSES)
    assert TERMINAL_ORDER_STATUSES | set(KITCHEN_STATUSES) <= set(ORDER_STATUSES)


def test_each_voice_order_status_is_set_by_a_voice_order_event() -> None:
    voice_events = {cls.event_type for cls in VOICE_ORDER_EVENT_CLASSES}
    assert set(VOICE_ORDER_STATUS_AFTER) == voice_events
    assert sorted(VOICE_ORDER_STATUS_AFTER.values()) == sorted(VOICE_ORDER_STATUSES)
    assert OPEN_VOICE_ORDER_STATUSES < set(VOICE_ORDER_STATUSES)


def test_tokens_name_people_and_only_events_name_the_system() -> None:
    assert get_args(Role) == (*USER_ROLES, "system")
    assert USER_ROLES == ("customer", "staff", "admin", "auditor")
    assert STAFF_ROLES == {"staff", "admin", "system"}
    assert DASHBOARD_ROLES <= set(USER_ROLES) and DASHBOARD_ROLES < STAFF_ROLES
