"""One instance of every event type, for round trips and schema checks."""

from __future__ import annotations

from uuid import UUID

from schemas.events import (
    CakeDesignFailed,
    CakeDesignGenerated,
    CakeDesignRequested,
    DomainEvent,
    MenuItemAdded,
    MenuItemChanged,
    OrderDraft,
    OrderItemsChanged,
    UserDisabled,
    UserEnabled,
    UserPasswordChanged,
    UserRegistered,
    UserRoleChanged,
    VoiceOrderAccepted,
    VoiceOrderFailed,
    VoiceOrderInterpreted,
    VoiceOrderSubmitted,
    VoiceTranscribed,
)
from tests.unit.factories import CUSTOMER, at, history, lines, placed

REQUEST_ID = UUID("00000000-0000-4000-8000-0000000000d1")


def one_of_each() -> list[DomainEvent]:
    first = placed()
    order_events: list[DomainEvent] = [
        *history("delivered", with_cake=True),
        history("rejected")[-1],
        history("cancelled")[-1],
        OrderItemsChanged(lines=first.lines, total=first.total, changed_at=at(1)),
        CakeDesignRequested(request_id=REQUEST_ID, prompt="roses", at=at(2)),
        CakeDesignGenerated(request_id=REQUEST_ID, image_url="/media/d1.png", at=at(3)),
        CakeDesignFailed(request_id=REQUEST_ID, reason="timeout", at=at(3)),
    ]
    voice_events: list[DomainEvent] = [
        VoiceOrderSubmitted(
            voice_order_id=REQUEST_ID,
            customer_id=CUSTOMER,
            request_id=REQUEST_ID,
            audio_ref="media/d1.ogg",
            content_type="audio/ogg",
            at=at(0),
        ),
        VoiceTranscribed(request_id=REQUEST_ID, transcript="two coffees", at=at(1)),
        VoiceOrderInterpreted(
            request_id=REQUEST_ID,
            draft=OrderDraft(items=lines(("coffee", 2)), note="hot"),
            confidence=0.5,
            at=at(2),
        ),
        VoiceOrderAccepted(order_id=REQUEST_ID, at=at(3)),
        VoiceOrderFailed(stage="upload", reason="empty file", at=at(3)),
    ]
    menu_events: list[DomainEvent] = [
        MenuItemAdded(
            menu_item_id="tea",
            name="Tea",
            kind="extra",
            price=3_000,
            available=True,
            serving_styles=(),
            description="Black tea.",
            at=at(0),
        ),
        MenuItemChanged(menu_item_id="tea", available=False, at=at(1)),
    ]
    user_events: list[DomainEvent] = [
        UserRegistered(
            user_id=REQUEST_ID,
            email="ada@example.com",
            name="Ada",
            phone="010-0000-0000",
            role="customer",
            password_hash="enc:v1:k:sealed",
            registered_at=at(0),
        ),
        UserRoleChanged(role="staff", previous_role="customer", at=at(1)),
        UserPasswordChanged(password_hash="enc:v1:k:resealed", at=at(2)),
        UserDisabled(at=at(3)),
        UserEnabled(at=at(4)),
    ]
    return [*order_events, *voice_events, *menu_events, *user_events]
