"""The users read model's `evolve`: one row per account, as the decider's events leave it."""

from __future__ import annotations

from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import USER, fold
from domain.errors import DomainError
from projections.users import UsersModel, evolve
from schemas.commands import ChangeUserPassword, ChangeUserRole, DisableUser, EnableUser
from schemas.events import UserDisabled, UserRegistered
from schemas.streams import StreamId
from schemas.vocabulary import USER_ROLES
from tests.unit.factories import T0, at
from tests.unit.projections.history import PROPERTY, as_projected, rows_after_each

ADA = UUID("00000000-0000-4000-8000-0000000000a1")
STREAM = StreamId.user(ADA)
REGISTERED = UserRegistered(
    user_id=ADA,
    email="ada@example.com",
    name="Ada",
    phone="010-1234-5678",
    role="customer",
    password_hash="enc:v1:k:sealed",
    registered_at=T0,
)


def test_a_registration_is_a_row_without_the_password() -> None:
    (event,) = as_projected([REGISTERED], STREAM)
    row = evolve(None, event)
    assert row == {
        "user_id": ADA,
        "email": "ada@example.com",
        "name": "Ada",
        "phone": "010-1234-5678",
        "role": "customer",
        "disabled": False,
        "registered_at": T0,
        "updated_at": event.recorded_at,
        "revision": 0,
        "position": 1,
    }
    assert UsersModel().key_of(event) == ADA


def test_an_event_before_the_registration_is_an_error() -> None:
    _, disabled = as_projected([REGISTERED, UserDisabled(at=at(1))], STREAM)
    with pytest.raises(LookupError):
        evolve(None, disabled)


def _decided(commands) -> list:
    events = [REGISTERED]
    for command in commands:
        try:
            events += USER.decide(command, fold(USER, events))
        except DomainError:
            continue
    return events[1:]


commands = st.lists(
    st.one_of(
        st.builds(
            ChangeUserRole,
            user_id=st.just(ADA),
            role=st.sampled_from(USER_ROLES),
            other_enabled_admins=st.integers(0, 1),
            at=st.just(at(1)),
        ),
        st.builds(
            DisableUser,
            user_id=st.just(ADA),
            other_enabled_admins=st.integers(0, 1),
            at=st.just(at(2)),
        ),
        st.builds(EnableUser, user_id=st.just(ADA), at=st.just(at(3))),
        st.builds(
            ChangeUserPassword, user_id=st.just(ADA), password_hash=st.just("h2"), at=st.just(at(4))
        ),
    ),
    max_size=20,
)


@PROPERTY
@given(commands)
def test_each_row_shows_the_state_the_decider_folded(batch) -> None:
    events = [REGISTERED, *_decided(batch)]
    rows = rows_after_each(evolve, as_projected(events, STREAM))
    for n, row in enumerate(rows):
        state = fold(USER, events[: n + 1])
        assert row is not None
        assert (row["role"], row["disabled"], row["email"], row["name"]) == (
            state.role,
            state.disabled,
            state.email,
            state.name,
        )
        assert row["revision"] == n and "password_hash" not in row
