"""The SQL and the views behind `/api/users` and `/api/auth/me`: keyset pages of the `users`
read model, newest first, and one user."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import ColumnElement, RowMapping, and_, or_, select, true, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from projections.tables import users
from query_api.cursor import OrderCursor
from schemas.vocabulary import UserRole


class UserView(BaseModel):
    user_id: UUID
    email: str
    name: str
    phone: str | None
    role: UserRole
    disabled: bool
    registered_at: datetime
    updated_at: datetime


class UserPage(BaseModel):
    items: list[UserView]
    next_cursor: str | None


class Me(BaseModel):
    """`email` and `name` are null for a subject that is no registered user (a service
    account's token from `dinner token`)."""

    user_id: str
    email: str | None
    name: str | None
    role: UserRole


def user_view(row: RowMapping) -> UserView:
    return UserView.model_validate(dict(row))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class UserFilter:
    role: str | None = None
    q: str | None = None  # part of the email or the name, any case

    def condition(self) -> ColumnElement[bool]:
        clauses: list[ColumnElement[bool]] = []
        if self.role is not None:
            clauses.append(users.c.role == self.role)
        if self.q:
            pattern = _like(self.q)
            clauses.append(or_(users.c.email.ilike(pattern), users.c.name.ilike(pattern)))
        return and_(true(), *clauses)


async def user_page(
    engine: AsyncEngine, where: UserFilter, limit: int, after: OrderCursor | None
) -> tuple[Sequence[RowMapping], OrderCursor | None]:
    """Up to `limit` users, newest first, and the place of the next page (None: last page).
    The cursor's time and id are the last user's `registered_at` and `user_id`."""
    c = users.c
    query = select(users).where(where.condition())
    if after is not None:
        query = query.where(
            tuple_(c.registered_at, c.user_id) < tuple_(after.placed_at, after.order_id)
        )
    query = query.order_by(c.registered_at.desc(), c.user_id.desc()).limit(limit + 1)
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).mappings().all()
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], OrderCursor(last["registered_at"], last["user_id"])


async def one_user(engine: AsyncEngine, user_id: UUID) -> RowMapping | None:
    async with engine.connect() as connection:
        query = select(users).where(users.c.user_id == user_id)
        return (await connection.execute(query)).mappings().first()
