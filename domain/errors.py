"""Why a command was refused. Each class maps to one HTTP status; `code` says which rule."""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    http_status: ClassVar[int] = 400

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class InvalidTransition(DomainError):
    """The command is not allowed in the aggregate's current state."""

    http_status = 409


class RuleViolation(DomainError):
    """The command itself breaks a business rule, whatever the state."""

    http_status = 422


class AlreadyExists(DomainError):
    """A creating command hit a stream (or item) that already exists."""

    http_status = 409


class NotFound(DomainError):
    """A non-creating command hit an aggregate (or item) that does not exist."""

    http_status = 404


class Forbidden(DomainError):
    """The actor may not do this to this aggregate (another customer's order, a read-only role)."""

    http_status = 403
