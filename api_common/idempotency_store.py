"""Idempotency records in Redis: an atomic reservation, then the stored response or a release."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from email.message import Message
from typing import Any, Literal
from urllib.parse import quote

from redis.asyncio import Redis

# Only the holder of a reservation may complete or release it: a reservation that expired
# and was taken by a later request must not be overwritten by the slow first one.
_COMPLETE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True, slots=True)
class Record:
    state: Literal["in_progress", "done"]
    fingerprint: str
    response: StoredResponse | None = None


@dataclass(frozen=True, slots=True)
class Reservation:
    key: str
    marker: str


def record_key(prefix: str, subject: str, key: str) -> str:
    # The subject is percent-encoded so that no subject and key pair can spell another's.
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{prefix}idempotency:{quote(subject, safe='')}:{digest}"


def request_fingerprint(
    method: str, path: str, query: bytes, body: bytes, content_type: str | None
) -> str:
    # A client resending the same form picks a new multipart boundary; it must not count
    # as a different request.
    boundary = _multipart_boundary(content_type)
    if boundary:
        body = body.replace(boundary.encode("latin-1"), b"")
    return hashlib.sha256(f"{method}\0{path}\0".encode() + query + b"\0" + body).hexdigest()


def _multipart_boundary(content_type: str | None) -> str | None:
    if not content_type:
        return None
    header = Message()
    header["content-type"] = content_type
    boundary = header.get_param("boundary")
    is_multipart = header.get_content_maintype() == "multipart"
    return boundary if is_multipart and isinstance(boundary, str) and boundary else None


def _encode(record: Record, token: str | None = None) -> str:
    data: dict[str, Any] = {"state": record.state, "fingerprint": record.fingerprint}
    if token:
        data["token"] = token
    if record.response:
        data["status"] = record.response.status
        data["headers"] = record.response.headers
        data["body"] = base64.b64encode(record.response.body).decode()
    return json.dumps(data, separators=(",", ":"))


def _decode(raw: str | bytes) -> Record:
    data = json.loads(raw)
    response = None
    if data["state"] == "done":
        headers = [(str(name), str(value)) for name, value in data["headers"]]
        response = StoredResponse(data["status"], headers, base64.b64decode(data["body"]))
    return Record(data["state"], data["fingerprint"], response)


class IdempotencyStore:
    def __init__(self, redis: Redis, *, ttl_seconds: int, lock_seconds: int) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds
        self.lock_seconds = lock_seconds

    async def reserve(self, key: str, fingerprint: str) -> Reservation | Record:
        """Either this caller now holds the key, or the record already there."""
        marker = _encode(Record("in_progress", fingerprint), token=uuid.uuid4().hex)
        for _ in range(3):
            if await self.redis.set(key, marker, nx=True, ex=self.lock_seconds):
                return Reservation(key, marker)
            raw = await self.redis.get(key)
            if raw is not None:
                return _decode(raw)
        # The key keeps expiring between SET and GET; treat it as busy.
        return Record("in_progress", fingerprint)

    async def complete(self, reservation: Reservation, response: StoredResponse) -> bool:
        fingerprint = _decode(reservation.marker).fingerprint
        value = _encode(Record("done", fingerprint, response))
        args = (reservation.marker, value, self.ttl_seconds)
        return bool(await self.redis.eval(_COMPLETE, 1, reservation.key, *args))

    async def release(self, reservation: Reservation) -> None:
        await self.redis.eval(_RELEASE, 1, reservation.key, reservation.marker)
