"""What the idempotency middleware answers instead of running the handler."""

from __future__ import annotations

from starlette.responses import Response

from api_common.idempotency_store import Record
from api_common.problems import Problem

REPLAYED_HEADER = "Idempotent-Replayed"
REPLAYED_HEADERS = frozenset({"content-type", "location", "etag"})


def valid_key(key: str) -> bool:
    return 1 <= len(key) <= 255 and all(" " <= char <= "~" for char in key)


def invalid_key() -> Problem:
    return Problem(
        422,
        "invalid-idempotency-key",
        detail="Idempotency-Key must be 1 to 255 printable ASCII characters.",
    )


def store_unavailable() -> Problem:
    return Problem(
        503,
        "idempotency-store-unavailable",
        detail="Idempotency keys cannot be checked right now; retry later.",
        headers={"Retry-After": "5"},
    )


def replay_response(record: Record) -> Response:
    assert record.response is not None
    stored = record.response
    headers = {name: value for name, value in stored.headers if name in REPLAYED_HEADERS}
    headers[REPLAYED_HEADER] = "true"
    return Response(stored.body, status_code=stored.status, headers=headers)


def conflict_problem(record: Record, fingerprint: str) -> Problem | None:
    if record.fingerprint != fingerprint:
        return Problem(
            422,
            "idempotency-key-reused",
            detail="This Idempotency-Key was used for a different request.",
        )
    if record.state == "in_progress":
        return Problem(
            409,
            "idempotency-request-in-progress",
            detail="A request with this Idempotency-Key is still being processed.",
            headers={"Retry-After": "1"},
        )
    return None
