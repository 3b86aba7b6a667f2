"""`LazyModel`: loaded once on first use, whatever the threads do; a failed load is tried again."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from ai_worker import lazy
from ai_worker.lazy import LazyModel

THREADS = 8


class Weights:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


def inside_the_holder(thread: threading.Thread) -> bool:
    """Whether `thread` is running (or waiting) inside `LazyModel` right now."""
    frame = sys._current_frames().get(thread.ident or -1)
    while frame is not None:
        if Path(frame.f_code.co_filename) == Path(lazy.__file__):
            return True
        frame = frame.f_back
    return False


def test_threads_that_ask_at_once_share_one_load() -> None:
    loads: list[Weights] = []
    release = threading.Event()

    def load() -> Weights:
        release.wait(timeout=30)
        loads.append(Weights())
        return loads[-1]

    holder = LazyModel("weights", load)
    got: list[Weights] = []
    workers = [threading.Thread(target=lambda: got.append(holder.get())) for _ in range(THREADS)]
    for worker in workers:
        worker.start()
    # Every thread is in the holder before the first load may finish: all of them asked while
    # the model was not loaded yet.
    deadline = time.monotonic() + 30
    while not all(inside_the_holder(t) for t in workers) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert all(inside_the_holder(t) for t in workers)
    release.set()
    for worker in workers:
        worker.join(timeout=30)

    assert len(loads) == 1
    assert len(got) == THREADS and all(model is loads[0] for model in got)
    assert holder.describe()["loaded"] is True


def test_a_failed_load_is_tried_again_on_the_next_use() -> None:
    attempts: list[int] = []

    def load() -> Weights:
        attempts.append(1)
        if len(attempts) == 1:
            raise FileNotFoundError("weights not there yet")
        return Weights()

    holder = LazyModel("weights", load)
    with pytest.raises(FileNotFoundError):
        holder.get()
    failed = holder.describe()

    model = holder.get()

    assert failed["loaded"] is False
    assert failed["error"] == "FileNotFoundError: weights not there yet"
    assert holder.get() is model and len(attempts) == 2
    described = holder.describe()
    assert described["loaded"] is True and described["error"] is None
    assert isinstance(described["load_seconds"], float)


def test_close_lets_the_model_go_and_a_later_use_loads_it_again() -> None:
    loads: list[Weights] = []

    def load() -> Weights:
        loads.append(Weights())
        return loads[-1]

    holder = LazyModel("weights", load)

    with holder.using() as first:
        pass
    holder.close()
    second = holder.get()

    assert first.closed and not second.closed
    assert second is not first and len(loads) == 2
