"""Users, for admins: a keyset-paginated list filtered by role and by part of the email or
name (`q`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from api_common.auth import AdminPrincipal
from api_common.problem_docs import problem_responses
from api_common.text import NO_NUL
from query_api.cursor import CursorCodec
from query_api.deps import Engine
from query_api.user_reads import UserFilter, UserPage, user_page, user_view
from schemas.vocabulary import UserRole

router = APIRouter(prefix="/api/users", tags=["users"], responses=problem_responses(401, 403, 422))


def user_cursors(request: Request) -> CursorCodec:
    """The users list's own cursors, keyed apart from the order list's."""
    state = request.app.state
    codec: CursorCodec | None = getattr(state, "user_cursors", None)
    if codec is None:
        codec = state.user_cursors = CursorCodec(
            state.settings.jwt_secret, purpose=b"user-list-cursor"
        )
    return codec


@router.get("")
async def list_users(
    _admin: AdminPrincipal,
    engine: Engine,
    cursors: Annotated[CursorCodec, Depends(user_cursors)],
    role: UserRole | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> UserPage:
    after = cursors.decode(cursor) if cursor is not None else None
    rows, following = await user_page(engine, UserFilter(role, q), limit, after)
    return UserPage(
        items=[user_view(row) for row in rows],
        next_cursor=cursors.encode(following) if following is not None else None,
    )
