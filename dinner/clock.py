"""Time as a port, so the domain and the tests never read the wall clock themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Final, Protocol

# The business runs in Seoul: sales days, "tonight" and "tomorrow" are Korean days.
KST: Final = timezone(timedelta(hours=9), "KST")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
