"""The opaque keyset cursor of the order list: base64url of
`{"v": 1, "p": placed_at, "o": order_id, "s": signature}`.

It names the last order of a page; the next page starts strictly after it in the list's
order (placed_at descending, then order_id descending). The signature (HMAC-SHA256 under a
key derived from the JWT secret) makes an edited cursor fail like a garbled one: 422.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import datetime
from typing import NamedTuple
from uuid import UUID

import orjson

from api_common.problems import Problem

VERSION = 1
MAX_LENGTH = 512


class OrderCursor(NamedTuple):
    placed_at: datetime
    order_id: UUID


def _invalid(detail: str = "The cursor is not one this API issued.") -> Problem:
    return Problem(422, "invalid-cursor", title="Invalid cursor", detail=detail)


class CursorCodec:
    """`purpose` keys each list's cursors apart (the users list keeps its place by time and
    id too), so a cursor of one list is refused by another."""

    def __init__(self, secret: str, purpose: bytes = b"order-list-cursor") -> None:
        self._key = hmac.new(secret.encode(), purpose, hashlib.sha256).digest()

    def _sign(self, placed: str, order: str) -> str:
        message = f"{VERSION}|{placed}|{order}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]

    def encode(self, cursor: OrderCursor) -> str:
        placed, order = cursor.placed_at.isoformat(), str(cursor.order_id)
        body = {"v": VERSION, "p": placed, "o": order, "s": self._sign(placed, order)}
        return base64.urlsafe_b64encode(orjson.dumps(body)).rstrip(b"=").decode("ascii")

    def decode(self, text: str) -> OrderCursor:
        if len(text) > MAX_LENGTH:
            raise _invalid("The cursor is too long.")
        try:
            raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
            body = orjson.loads(raw)
        except (binascii.Error, ValueError):
            raise _invalid() from None
        if not isinstance(body, dict) or set(body) != {"v", "p", "o", "s"}:
            raise _invalid()
        placed, order, signature = body["p"], body["o"], body["s"]
        if body["v"] != VERSION or not all(isinstance(x, str) for x in (placed, order, signature)):
            raise _invalid()
        if not hmac.compare_digest(signature, self._sign(placed, order)):
            raise _invalid()
        return OrderCursor(datetime.fromisoformat(placed), UUID(order))
