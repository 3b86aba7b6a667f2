"""Commands on a user's account. The API checks who may send which; the decider checks the
account's own rules (one registration per stream, never the last enabled admin).

A password reaches a command only as a hash the accounts service made and sealed: the domain
never sees a password. Commands that could take away an admin carry how many other enabled
admins the service counted while it held the admins' lock, so the rule is decided here, purely.
"""

from __future__ import annotations

from typing import TypeAlias
from uuid import UUID

from pydantic import AwareDatetime, Field

from schemas.commands.base import Command
from schemas.vocabulary import UserRole


class RegisterUser(Command):
    user_id: UUID
    email: str
    name: str
    phone: str | None = None
    role: UserRole
    password_hash: str
    at: AwareDatetime


class ChangeUserRole(Command):
    user_id: UUID
    role: UserRole
    other_enabled_admins: int = Field(ge=0)
    at: AwareDatetime


class ChangeUserPassword(Command):
    user_id: UUID
    password_hash: str
    rehash: bool = False
    at: AwareDatetime


class DisableUser(Command):
    user_id: UUID
    other_enabled_admins: int = Field(ge=0)
    at: AwareDatetime


class EnableUser(Command):
    user_id: UUID
    at: AwareDatetime


UserCommand: TypeAlias = (
    RegisterUser | ChangeUserRole | ChangeUserPassword | DisableUser | EnableUser
)
