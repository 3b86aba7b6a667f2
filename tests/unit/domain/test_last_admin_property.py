"""Any sequence of role changes, disables and enables keeps at least one enabled admin.

The service counts the other enabled admins under the admins' lock and passes the count in
each command; here the count is taken the same way, from every user's folded state, and the
decider's refusals are part of the run, as they would be for the API.
"""

from __future__ import annotations

from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from domain import USER, fold
from domain.errors import DomainError
from domain.user_state import UserState
from schemas.commands import ChangeUserRole, DisableUser, EnableUser, RegisterUser
from schemas.events import UserEvent
from schemas.vocabulary import USER_ROLES
from tests.unit.factories import T0, at

USERS = [UUID(int=n + 1) for n in range(4)]

actions = st.lists(
    st.tuples(
        st.sampled_from(["role", "disable", "enable"]),
        st.integers(0, len(USERS) - 1),
        st.sampled_from(USER_ROLES),
    ),
    max_size=40,
)
starting_roles = st.lists(st.sampled_from(USER_ROLES), min_size=len(USERS), max_size=len(USERS))


def enabled_admins(states: dict[UUID, UserState]) -> int:
    return sum(state.enabled_admin for state in states.values())


def _command(action: str, target: UUID, role: str, others: int, n: int) -> object:
    if action == "role":
        return ChangeUserRole(user_id=target, role=role, other_enabled_admins=others, at=at(n))
    if action == "disable":
        return DisableUser(user_id=target, other_enabled_admins=others, at=at(n))
    return EnableUser(user_id=target, at=at(n))


@settings(max_examples=300, deadline=None)
@given(roles=starting_roles, steps=actions)
def test_no_sequence_removes_the_last_enabled_admin(roles, steps) -> None:
    # At least one admin to begin with: the first user always is one.
    histories: dict[UUID, list[UserEvent]] = {user: [] for user in USERS}
    for user, role in zip(USERS, ["admin", *roles[1:]], strict=True):
        email = f"{user.int}@example.com"
        register = RegisterUser(
            user_id=user, email=email, name="n", role=role, password_hash="h", at=T0
        )
        histories[user] += USER.decide(register, USER.initial_state())
    for n, (action, index, role) in enumerate(steps):
        states = {user: fold(USER, events) for user, events in histories.items()}
        target = USERS[index]
        others = enabled_admins(states) - states[target].enabled_admin
        command = _command(action, target, role, others, n)
        try:
            histories[target] += USER.decide(command, states[target])
        except DomainError as refused:
            assert refused.code == "last_admin"
        after = {user: fold(USER, events) for user, events in histories.items()}
        assert enabled_admins(after) >= 1
