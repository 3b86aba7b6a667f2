"""Named crash points for the no-loss tests: `DINNER_FAULTS=relay.after_publish,…`.

At a named point the process sends itself SIGKILL, which is exactly what an OOM kill or a
power cut does there: no `finally`, no flush, no goodbye to the broker or the database.
Unset (as everywhere but those tests), every point is a no-op.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable

ENVIRONMENT_VARIABLE = "DINNER_FAULTS"


class FaultPoints:
    def __init__(self, enabled: Iterable[str] = ()) -> None:
        self._enabled = frozenset(enabled)

    @classmethod
    def from_environment(cls) -> FaultPoints:
        raw = os.environ.get(ENVIRONMENT_VARIABLE, "")
        return cls(point.strip() for point in raw.split(",") if point.strip())

    def hit(self, point: str) -> None:
        if point in self._enabled:
            os.kill(os.getpid(), signal.SIGKILL)


NO_FAULTS = FaultPoints()
