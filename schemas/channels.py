"""Redis pub/sub channel names shared by the publishers and the WebSockets that relay them."""

from __future__ import annotations


def stream_channel(prefix: str, stream_id: str) -> str:
    """Live events of one stream (e.g. `live:order-<uuid>`)."""
    return f"{prefix}live:{stream_id}"


def dashboard_channel(prefix: str) -> str:
    return f"{prefix}live:dashboard"


def ai_result_channel(request_id: object) -> str:
    """DESIGN.md's contract: `ai:result:<request_id>`, with no deployment prefix."""
    return f"ai:result:{request_id}"
