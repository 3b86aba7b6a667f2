"""The read models compared with the fold of the event store: see `harness.consistency`."""

from harness.consistency import expected_orders, mismatches

__all__ = ["expected_orders", "mismatches"]
