"""Bounds of integer query parameters.

Positions and revisions are PostgreSQL BIGINTs: a larger number must be refused as a 422
here, not reach the driver and fail there as a 500.
"""

from __future__ import annotations

BIGINT_MAX = 2**63 - 1
