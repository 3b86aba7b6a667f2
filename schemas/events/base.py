"""The base of every domain event: a stable type name and a schema version, never a class path."""

from __future__ import annotations

from typing import ClassVar

from schemas.values import FrozenModel


class DomainEvent(FrozenModel):
    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
