"""Given/when/then for deciders: given past events, when a command, then events or an error."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from domain import Decider, fold
from domain.errors import DomainError
from schemas.events import DomainEvent


@dataclass(frozen=True)
class DeciderSpec:
    decider: Decider[Any, Any, Any]

    def given(self, *events: DomainEvent | Sequence[DomainEvent]) -> When:
        flat: list[DomainEvent] = []
        for item in events:
            flat.extend([item] if isinstance(item, DomainEvent) else item)
        return When(self.decider, tuple(flat))


@dataclass(frozen=True)
class When:
    decider: Decider[Any, Any, Any]
    events: tuple[DomainEvent, ...]

    def when(self, command: Any) -> Then:
        return Then(self.decider, self.events, command)


@dataclass(frozen=True)
class Then:
    decider: Decider[Any, Any, Any]
    events: tuple[DomainEvent, ...]
    command: Any

    def _decide(self) -> list[Any]:
        return self.decider.decide(self.command, fold(self.decider, self.events))

    def then(self, *expected: DomainEvent) -> None:
        assert self._decide() == list(expected)

    def then_nothing(self) -> None:
        assert self._decide() == []

    def then_fails(self, error: type[DomainError], code: str) -> DomainError:
        with pytest.raises(error) as raised:
            self._decide()
        assert raised.value.code == code, raised.value.message
        return raised.value
