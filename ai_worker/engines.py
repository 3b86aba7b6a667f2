"""The three engines behind one small interface each, so CPU and GPU backends swap by config.

Engines are synchronous and CPU/GPU bound: the worker runs them in threads, never on the
event loop. They raise `PermanentError` for input that can never work (undecodable audio,
an impossible prompt) and let other exceptions propagate (the worker retries those).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str | None
    audio_seconds: float


class SpeechToText(Protocol):
    def transcribe(self, audio: Path, *, prompt: str) -> Transcript:
        """`prompt`: a menu-aware initial prompt that helps with dish names."""
        ...


@dataclass(frozen=True)
class MenuChoice:
    """What the interpreter may choose from: the live menu, as the read side shows it."""

    menu_item_id: str
    name: str
    kind: str
    serving_styles: tuple[str, ...]
    available: bool = True


@dataclass(frozen=True)
class DraftLine:
    menu_item_id: str
    quantity: int
    serving_style: str | None = None


@dataclass(frozen=True)
class Interpretation:
    """A draft order for the customer to confirm, never placed blindly."""

    lines: tuple[DraftLine, ...]
    requested_for: datetime | None
    address: str | None
    note: str | None
    confidence: float
    problems: tuple[str, ...] = field(default_factory=tuple)


class OrderInterpreter(Protocol):
    def interpret(
        self, transcript: str, menu: list[MenuChoice], *, now: datetime
    ) -> Interpretation: ...


class ImageGenerator(Protocol):
    def generate(self, prompt: str, *, seed: int) -> bytes:
        """A PNG image."""
        ...
