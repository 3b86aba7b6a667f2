"""`GET /api/auth/me`: who the token speaks for (signing in, up and out are commands: the
command API's).

A registered user is read from the `users` read model; right after signing up it may not be
projected yet, so the read waits for it (bounded) as a read-your-writes read does.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api_common.problem_docs import problem_responses
from query_api.deps import AnyReader, Engine, ReadWait, Watcher
from query_api.freshness import read_fresh
from query_api.user_reads import Me, one_user

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=problem_responses(401, 422))


def _user_id(sub: str) -> UUID | None:
    try:
        return UUID(sub)
    except ValueError:
        return None


@router.get("/me")
async def me(principal: AnyReader, engine: Engine, watcher: Watcher, wait: ReadWait) -> Me:
    user_id = _user_id(principal.user_id) if principal.registered else None
    if user_id is not None:
        row, _ = await read_fresh(watcher, lambda: one_user(engine, user_id), 0, wait)
        if row is not None:
            return Me(user_id=str(user_id), email=row["email"], name=row["name"], role=row["role"])
    return Me(user_id=principal.user_id, email=None, name=None, role=principal.role)
