"""The users read model: one row per account, as admins list them and `/api/auth/me` shows it.

Name, email and phone arrive revealed (or "[redacted]" once the user is forgotten); the
password hash never reaches this table. `evolve` is pure; the SQL is the generic keyed
load-fold-write.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from projections.events import ProjectedEvent
from projections.model import KeyedReadModel, Row
from projections.tables import users, users_streams


def registered(event: ProjectedEvent) -> Row:
    d = event.data
    return {
        "user_id": UUID(d["user_id"]),
        "email": d["email"],
        "name": d["name"],
        "phone": d.get("phone"),
        "role": d["role"],
        "disabled": False,
        "registered_at": datetime.fromisoformat(d["registered_at"]),
        "updated_at": event.recorded_at,
        "revision": event.revision,
        "position": event.position,
    }


def evolve(row: Row | None, event: ProjectedEvent) -> Row | None:
    if event.type == "UserRegistered":
        return registered(event)
    if row is None:
        raise LookupError(f"{event.type} for a user the read model has not seen registered")
    changed: Row = {
        "revision": event.revision,
        "position": event.position,
        "updated_at": event.recorded_at,
    }
    if event.type == "UserRoleChanged":
        changed["role"] = event.data["role"]
    elif event.type in ("UserDisabled", "UserEnabled"):
        changed["disabled"] = event.type == "UserDisabled"
    return {**row, **changed}


class UsersModel(KeyedReadModel):
    name = "users"
    categories = frozenset({"user"})
    table = users
    streams = users_streams
    tables = (users, users_streams)

    def evolve_row(self, row: Row | None, event: ProjectedEvent) -> Row | None:
        return evolve(row, event)

    def key_of(self, event: ProjectedEvent) -> UUID:
        return event.aggregate_uuid
