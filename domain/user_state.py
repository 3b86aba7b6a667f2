"""The state of one user account, folded from its events."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import assert_never
from uuid import UUID

from schemas.events.user import (
    UserDisabled,
    UserEnabled,
    UserEvent,
    UserPasswordChanged,
    UserRegistered,
    UserRoleChanged,
)
from schemas.vocabulary import UserRole


@dataclass(frozen=True)
class UserState:
    """`user_id` is None until the user is registered. `password_hash` is sealed: only the
    accounts service opens it, to verify a password."""

    user_id: UUID | None = None
    email: str = ""
    name: str = ""
    phone: str | None = None
    role: UserRole = "customer"
    disabled: bool = False
    password_hash: str = ""
    registered_at: datetime | None = None

    @property
    def registered(self) -> bool:
        return self.user_id is not None

    @property
    def enabled_admin(self) -> bool:
        return self.registered and self.role == "admin" and not self.disabled


def initial_state() -> UserState:
    return UserState()


def evolve(state: UserState, event: UserEvent) -> UserState:
    match event:
        case UserRegistered():
            return UserState(
                user_id=event.user_id,
                email=event.email,
                name=event.name,
                phone=event.phone,
                role=event.role,
                password_hash=event.password_hash,
                registered_at=event.registered_at,
            )
        case UserRoleChanged():
            return replace(state, role=event.role)
        case UserPasswordChanged():
            return replace(state, password_hash=event.password_hash)
        case UserDisabled():
            return replace(state, disabled=True)
        case UserEnabled():
            return replace(state, disabled=False)
        case _:
            assert_never(event)
