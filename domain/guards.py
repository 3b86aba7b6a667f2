"""Checks shared by the deciders; each raises the matching DomainError."""

from __future__ import annotations

from collections.abc import Collection

from domain.errors import Forbidden, InvalidTransition, RuleViolation
from schemas.vocabulary import STAFF_ROLES, Role


def require_status(current: str | None, allowed: Collection[str], action: str) -> None:
    if current not in allowed:
        raise InvalidTransition("invalid_transition", f"cannot {action} when {current}")


def require_text(value: str, code: str, what: str) -> None:
    if not value.strip():
        raise RuleViolation(code, f"{what} must not be empty")


def require_owner_or_staff(owner_id: str | None, actor_id: str, actor_role: Role) -> None:
    """Customers act only on their own aggregates; auditors only read."""
    if actor_role in STAFF_ROLES:
        return
    if actor_role != "customer":
        raise Forbidden("read_only", f"the {actor_role} role may not change anything")
    if actor_id != owner_id:
        raise Forbidden("not_owner", f"customer {actor_id!r} may only act on their own orders")


def require_staff(actor_role: Role, action: str) -> None:
    if actor_role not in STAFF_ROLES:
        raise Forbidden("staff_only", f"only staff may {action}")
