"""Events of a user's stream (`user-<uuid>`): an account, its role and whether it may sign in.

`name`, `email` and `phone` are personal data, sealed under the user's own key
(privacy/fields.py). `password_hash` arrives already sealed by the accounts service, under the
same key but outside the personal fields, so audit views and exports show ciphertext only and
forgetting the user shreds it with the rest.
"""

from __future__ import annotations

from typing import ClassVar, TypeAlias
from uuid import UUID

from pydantic import AwareDatetime

from schemas.events.base import DomainEvent
from schemas.vocabulary import UserRole


class UserRegistered(DomainEvent):
    event_type: ClassVar[str] = "UserRegistered"

    user_id: UUID
    email: str
    name: str
    phone: str | None = None
    role: UserRole
    password_hash: str
    registered_at: AwareDatetime


class UserRoleChanged(DomainEvent):
    event_type: ClassVar[str] = "UserRoleChanged"

    role: UserRole
    previous_role: UserRole
    at: AwareDatetime


class UserPasswordChanged(DomainEvent):
    """`rehash`: the same password hashed again with the hasher's current parameters."""

    event_type: ClassVar[str] = "UserPasswordChanged"

    password_hash: str
    rehash: bool = False
    at: AwareDatetime


class UserDisabled(DomainEvent):
    event_type: ClassVar[str] = "UserDisabled"

    at: AwareDatetime


class UserEnabled(DomainEvent):
    event_type: ClassVar[str] = "UserEnabled"

    at: AwareDatetime


UserEvent: TypeAlias = (
    UserRegistered | UserRoleChanged | UserPasswordChanged | UserDisabled | UserEnabled
)
