"""No token or password reaches a log line."""

from __future__ import annotations

import logging

import pytest

from dinner.logs import ScrubSecrets, scrub


@pytest.mark.parametrize(
    ("line", "leaked"),
    [
        ('"WebSocket /ws/orders/1?token=eyJhbGciOi.eyJzdWIi.sig" [accepted]', "eyJhbGciOi"),
        ("Authorization: Bearer abc.def.ghi", "abc.def.ghi"),
        ("amqp connect password=hunter2&x=1", "hunter2"),
    ],
)
def test_credentials_are_redacted(line: str, leaked: str) -> None:
    cleaned = scrub(line)
    assert leaked not in cleaned
    assert "[redacted]" in cleaned


def test_the_filter_rewrites_formatted_records() -> None:
    record = logging.LogRecord(
        "uvicorn.error", logging.INFO, "x", 1, "%s", ("?token=secret",), None
    )
    assert ScrubSecrets().filter(record)
    assert "secret" not in record.getMessage()
