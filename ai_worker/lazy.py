"""A model loaded on its first use, once, by whichever worker thread asks first.

The worker starts at once and a queue that never gets work never costs its model's memory.
Inference runs in a thread pool, so two jobs may ask for a model that is not loaded yet: the
first loads it under a lock, the others wait for it, and nobody loads it twice. The libraries
behind the engines keep per-call state in their model (a scheduler, a KV cache, a decoder), so
`using` also hands the model to one caller at a time.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class LazyModel(Generic[T]):
    """Holds one model. A load that raises holds nothing, so the next job tries again: the
    weights may have been put in place since, and the worker's retry ladder bounds the tries."""

    def __init__(self, name: str, load: Callable[[], T]) -> None:
        self.name = name
        self._load = load
        self._lock = threading.Lock()
        self._in_use = threading.Lock()
        # In a 1-tuple, so that "not loaded" is never confused with a model that is falsy.
        self._held: tuple[T] | None = None
        self.load_seconds: float | None = None
        self.error: str | None = None

    @property
    def loaded(self) -> bool:
        return self._held is not None

    def get(self) -> T:
        """The model, loaded now if this is its first use."""
        held = self._held  # read once: no lock once loaded
        if held is None:
            held = self._load_once()
        return held[0]

    @contextlib.contextmanager
    def using(self) -> Iterator[T]:
        """The model, loaded if need be, for this caller alone until the block ends."""
        with self._in_use:
            yield self.get()

    def _load_once(self) -> tuple[T]:
        with self._lock:
            if self._held is None:
                started = time.perf_counter()
                try:
                    model = self._load()
                except Exception as error:
                    self.error = f"{type(error).__name__}: {error}"
                    raise
                self.load_seconds = time.perf_counter() - started
                self.error = None
                self._held = (model,)
            return self._held

    def describe(self) -> dict[str, object]:
        """For the worker's /health: which model, whether it is in memory, its last failure."""
        seconds = None if self.load_seconds is None else round(self.load_seconds, 3)
        return {
            "name": self.name,
            "loaded": self.loaded,
            "load_seconds": seconds,
            "error": self.error,
        }

    def close(self) -> None:
        """Lets the model go (closing it first if it can be closed) once no caller is using
        it; a later use loads it again."""
        with self._in_use, self._lock:
            held, self._held = self._held, None
            self.load_seconds = None
        close = getattr(held[0], "close", None) if held is not None else None
        if callable(close):
            close()
