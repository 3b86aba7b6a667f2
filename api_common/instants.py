"""Points in time and days a client may send: RFC 3339 text, inside the calendar in UTC.

Pydantic would also read a number as seconds since 1970 (`placed_to=0.5`), which the
documented `date-time`/`date` formats do not allow; such a value is refused, not guessed.
`0001-01-01T00:00:00+14:00` is valid RFC 3339, but in UTC it falls before year 1, where the
database driver and every `astimezone(UTC)` would fail as a 500; it is refused as a 422.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator

_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _not_a_number(value: object) -> object:
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("expected RFC 3339 text, not a number")
    return value


def _representable_in_utc(value: datetime) -> datetime:
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the time falls outside years 1 to 9999 in UTC") from None
    return value


Instant = Annotated[
    AwareDatetime, BeforeValidator(_not_a_number), AfterValidator(_representable_in_utc)
]
Day = Annotated[date, BeforeValidator(_not_a_number)]
