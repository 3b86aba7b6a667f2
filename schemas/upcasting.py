"""Upcasters: pure functions that lift a stored payload one schema version at a time.

Stored events are never rewritten; old shapes are translated on the way out of the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


def _order_placed_v1_to_v2(data: Payload) -> Payload:
    """v1 kept the delivery as two flat fields; v2 nests them in `delivery`."""
    lifted = {k: v for k, v in data.items() if k not in ("delivery_address", "delivery_time")}
    lifted["delivery"] = {
        "address": data["delivery_address"],
        "requested_for": data["delivery_time"],
    }
    return lifted


UPCASTERS: Mapping[tuple[str, int], Upcaster] = {
    ("OrderPlaced", 1): _order_placed_v1_to_v2,
}


def upcast(
    event_type: str,
    version: int,
    data: Payload,
    *,
    upcasters: Mapping[tuple[str, int], Upcaster] = UPCASTERS,
) -> tuple[int, Payload]:
    """Apply upcasters from `version` until none is registered; returns the reached version."""
    while (step := upcasters.get((event_type, version))) is not None:
        data = step(data)
        version += 1
    return version, data
