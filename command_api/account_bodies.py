"""Request and response bodies of the account routes (`/api/auth/*`, `/api/users`).

Only shapes are checked here. Whether an email is valid or a password strong enough is decided
by the domain and the accounts service (422 with `invalid_email` / `weak_password`), so each
rule is worded in one place; the lengths below only bound what a request may make us do.
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api_common.text import NO_NUL
from schemas.vocabulary import UserRole
from service_layer.accounts import Account

Email = Annotated[str, Field(min_length=1, max_length=320, pattern=NO_NUL)]
# A password is never stored, only hashed; anything longer than this is refused as weak.
Password = Annotated[str, Field(min_length=1, max_length=1024, pattern=NO_NUL)]
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
Phone = Annotated[str, Field(min_length=1, max_length=40, pattern=NO_NUL)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SignUpIn(Body):
    email: Email
    password: Password
    name: Name
    phone: Phone | None = None


class SignInIn(Body):
    email: Email
    password: Password


class NewUserIn(SignUpIn):
    role: UserRole


class RoleIn(Body):
    role: UserRole


class UserOut(BaseModel):
    user_id: UUID
    email: str
    name: str
    role: UserRole


class SignedIn(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    user: UserOut


class UserWritten(UserOut):
    """An admin's change to a user: the account after it, and where its stream stands."""

    disabled: bool
    revision: int
    position: int


def user_out(account: Account) -> UserOut:
    state = account.state
    return UserOut(user_id=account.user_id, email=state.email, name=state.name, role=state.role)


def user_written(account: Account) -> UserWritten:
    return UserWritten(
        **user_out(account).model_dump(),
        disabled=account.state.disabled,
        revision=account.revision,
        position=account.position,
    )
