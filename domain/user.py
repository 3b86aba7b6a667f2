"""The user decider: one registration per stream, role changes, password changes, disabling
and enabling; never leaving the system without an enabled admin.

Changing to the same role, disabling a disabled user or enabling an enabled one decides
nothing, so a retried request is answered as the first was.
"""

from __future__ import annotations

import re
from typing import Final, assert_never

from domain.errors import AlreadyExists, InvalidTransition, NotFound, RuleViolation
from domain.guards import require_text
from domain.user_state import UserState, evolve, initial_state
from schemas.commands.user import (
    ChangeUserPassword,
    ChangeUserRole,
    DisableUser,
    EnableUser,
    RegisterUser,
    UserCommand,
)
from schemas.events.user import (
    UserDisabled,
    UserEnabled,
    UserEvent,
    UserPasswordChanged,
    UserRegistered,
    UserRoleChanged,
)

__all__ = ["UserState", "decide", "evolve", "initial_state", "normalised_email"]

# One `@`, something on both sides, a dot in the domain, no spaces: what a person can mistype
# is caught here; whether the mailbox exists only a mail sent to it can tell.
_EMAIL: Final = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
MAX_EMAIL: Final = 254
MAX_NAME: Final = 200


def normalised_email(email: str) -> str:
    """The form an email is compared, looked up and kept unique in: trimmed, lower case."""
    normal = email.strip().lower()
    if len(normal) > MAX_EMAIL or not _EMAIL.match(normal):
        raise RuleViolation("invalid_email", "the email address is not valid")
    return normal


def decide(command: UserCommand, state: UserState) -> list[UserEvent]:
    if not state.registered and not isinstance(command, RegisterUser):
        raise NotFound("user_not_found", f"no user {command.user_id}")
    match command:
        case RegisterUser():
            return _register(command, state)
        case ChangeUserRole():
            return _change_role(command, state)
        case ChangeUserPassword():
            return _change_password(command)
        case DisableUser():
            return _disable(command, state)
        case EnableUser():
            return [UserEnabled(at=command.at)] if state.disabled else []
        case _:
            assert_never(command)


def _register(command: RegisterUser, state: UserState) -> list[UserEvent]:
    if state.registered:
        raise AlreadyExists("user_exists", f"user {command.user_id} already exists")
    require_text(command.name, "name_required", "the name")
    if len(command.name) > MAX_NAME:
        raise RuleViolation("name_too_long", f"the name must be at most {MAX_NAME} characters")
    require_text(command.password_hash, "password_required", "the password")
    registered = UserRegistered(
        user_id=command.user_id,
        email=normalised_email(command.email),
        name=command.name.strip(),
        phone=command.phone.strip() if command.phone else None,
        role=command.role,
        password_hash=command.password_hash,
        registered_at=command.at,
    )
    return [registered]


def _change_role(command: ChangeUserRole, state: UserState) -> list[UserEvent]:
    if command.role == state.role:
        return []
    _keep_an_admin(state, command.other_enabled_admins, "change the role of")
    return [UserRoleChanged(role=command.role, previous_role=state.role, at=command.at)]


def _change_password(command: ChangeUserPassword) -> list[UserEvent]:
    require_text(command.password_hash, "password_required", "the password")
    changed = UserPasswordChanged(
        password_hash=command.password_hash, rehash=command.rehash, at=command.at
    )
    return [changed]


def _disable(command: DisableUser, state: UserState) -> list[UserEvent]:
    if state.disabled:
        return []
    _keep_an_admin(state, command.other_enabled_admins, "disable")
    return [UserDisabled(at=command.at)]


def _keep_an_admin(state: UserState, other_enabled_admins: int, action: str) -> None:
    if state.enabled_admin and other_enabled_admins == 0:
        raise InvalidTransition("last_admin", f"cannot {action} the last enabled admin")
