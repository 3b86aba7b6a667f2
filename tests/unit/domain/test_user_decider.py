"""Specs for the user decider: registration, roles, passwords, disabling, the last admin."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain import USER, fold
from domain.errors import AlreadyExists, InvalidTransition, NotFound, RuleViolation
from domain.user import normalised_email
from schemas.commands import (
    ChangeUserPassword,
    ChangeUserRole,
    DisableUser,
    EnableUser,
    RegisterUser,
)
from schemas.events import (
    UserDisabled,
    UserEnabled,
    UserPasswordChanged,
    UserRegistered,
    UserRoleChanged,
)
from tests.unit.factories import T0, at
from tests.unit.spec import DeciderSpec

spec = DeciderSpec(USER)
ADA = UUID("00000000-0000-4000-8000-0000000000a1")


def register(**overrides) -> RegisterUser:
    fields = {
        "user_id": ADA,
        "email": " Ada@Example.COM ",
        "name": " Ada ",
        "phone": None,
        "role": "customer",
        "password_hash": "enc:v1:k:hash",
        "at": T0,
    }
    return RegisterUser(**(fields | overrides))


def registered(role: str = "customer") -> UserRegistered:
    (event,) = USER.decide(register(role=role), USER.initial_state())
    return event


def test_registering_normalises_the_email_and_trims_the_name() -> None:
    spec.given().when(register()).then(
        UserRegistered(
            user_id=ADA,
            email="ada@example.com",
            name="Ada",
            phone=None,
            role="customer",
            password_hash="enc:v1:k:hash",
            registered_at=T0,
        )
    )


@pytest.mark.parametrize(
    "email", ["", "ada", "ada@", "@example.com", "ada@example", "a da@example.com", "a@b@c.de"]
)
def test_a_malformed_email_is_refused(email: str) -> None:
    spec.given().when(register(email=email)).then_fails(RuleViolation, "invalid_email")


def test_normalised_emails_compare_without_case_or_spaces() -> None:
    assert normalised_email("  Ada@Example.com") == normalised_email("ada@example.COM ")


def test_a_user_registers_once() -> None:
    spec.given(registered()).when(register()).then_fails(AlreadyExists, "user_exists")


def test_a_blank_name_is_refused() -> None:
    spec.given().when(register(name="  ")).then_fails(RuleViolation, "name_required")


def test_commands_on_an_unknown_user_are_not_found() -> None:
    spec.given().when(EnableUser(user_id=ADA, at=T0)).then_fails(NotFound, "user_not_found")


def test_role_changes_record_the_previous_role_and_a_repeat_changes_nothing() -> None:
    change = ChangeUserRole(user_id=ADA, role="staff", other_enabled_admins=0, at=at(1))
    spec.given(registered()).when(change).then(
        UserRoleChanged(role="staff", previous_role="customer", at=at(1))
    )
    spec.given(registered("staff")).when(change).then_nothing()


def test_disabling_and_enabling_are_idempotent() -> None:
    disable = DisableUser(user_id=ADA, other_enabled_admins=0, at=at(1))
    enable = EnableUser(user_id=ADA, at=at(2))
    spec.given(registered()).when(disable).then(UserDisabled(at=at(1)))
    spec.given(registered(), UserDisabled(at=at(1))).when(disable).then_nothing()
    spec.given(registered(), UserDisabled(at=at(1))).when(enable).then(UserEnabled(at=at(2)))
    spec.given(registered()).when(enable).then_nothing()


def test_a_password_change_carries_the_new_sealed_hash() -> None:
    change = ChangeUserPassword(user_id=ADA, password_hash="enc:v1:k:new", at=at(1))
    spec.given(registered()).when(change).then(
        UserPasswordChanged(password_hash="enc:v1:k:new", at=at(1))
    )
    state = fold(USER, [registered(), UserPasswordChanged(password_hash="x", at=at(1))])
    assert state.password_hash == "x"


@pytest.mark.parametrize(
    "command",
    [
        ChangeUserRole(user_id=ADA, role="customer", other_enabled_admins=0, at=at(1)),
        DisableUser(user_id=ADA, other_enabled_admins=0, at=at(1)),
    ],
)
def test_the_last_enabled_admin_stays_one(command) -> None:
    spec.given(registered("admin")).when(command).then_fails(InvalidTransition, "last_admin")
    allowed = command.model_copy(update={"other_enabled_admins": 1})
    assert spec.given(registered("admin")).when(allowed)._decide()


def test_a_disabled_admin_may_be_demoted_even_alone() -> None:
    demote = ChangeUserRole(user_id=ADA, role="staff", other_enabled_admins=0, at=at(2))
    spec.given(registered("admin"), UserDisabled(at=at(1))).when(demote).then(
        UserRoleChanged(role="staff", previous_role="admin", at=at(2))
    )
