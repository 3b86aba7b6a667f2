"""Forgetting a customer, as the rest of the system asks for it (docs/privacy.md).

The work itself touches the read side (re-projecting the customer's rows), so it lives with
the projections (`projections.forgetting`); callers depend on this port only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Forgotten:
    customer_id: str
    keys_destroyed: int
    streams_reprojected: int
    events_reprojected: int
    recordings_deleted: int


class RebuildRunning(RuntimeError):
    """A rebuild holds its lock; forgetting must wait until it has swapped or stopped."""


class Forgetter(Protocol):
    async def forget(self, customer_id: str) -> Forgotten:
        """Destroys the customer's keys; their personal data then reads "[redacted]"
        everywhere. Raises RebuildRunning while a read-model rebuild runs."""
        ...
