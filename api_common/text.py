"""Text a client may send: anything PostgreSQL can store.

PostgreSQL text and jsonb cannot hold U+0000, so a NUL byte that reached the event store or a
query would fail there as a 500. As a pattern it is refused as a 422 before any route runs,
and it is in the OpenAPI document for clients to see.
"""

from __future__ import annotations

NO_NUL = r"^[^\x00]*$"
