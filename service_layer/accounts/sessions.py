"""Refresh tokens: opaque and random, stored only as SHA-256 digests, one family per sign-in.

Every refresh hands out a new token and marks the presented one used (rotation). A used token
presented again means two parties hold the family, one of them with a stolen copy: the whole
family is revoked and both have to sign in again (the reuse detection of the OAuth 2.0
Security BCP). A token is 256 random bits, so a fast digest is as good as a slow one here.

Each refresh is one short transaction: the conditional UPDATE decides which of two concurrent
uses of the same token wins; the loser is a reuse.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eventstore.postgres_schema import quoted_schema

Refusal = Literal["unknown", "reused", "revoked", "expired"]


@dataclass(frozen=True)
class Issued:
    token: str
    family_id: uuid.UUID
    user_id: uuid.UUID
    expires_at: datetime


@dataclass(frozen=True)
class Refused:
    reason: Refusal
    user_id: uuid.UUID | None = None


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


class Sessions:
    def __init__(self, engine: AsyncEngine, schema: str, ttl: timedelta) -> None:
        self._engine = engine
        self._table = f"{quoted_schema(schema)}.refresh_tokens"
        self._ttl = ttl

    async def start(self, user_id: uuid.UUID) -> Issued:
        """A new family for a sign-in; the user's long-expired tokens are cleared meanwhile."""
        async with self._engine.begin() as connection:
            await connection.execute(
                text(f"DELETE FROM {self._table} WHERE user_id = :u AND expires_at < now()"),
                {"u": user_id},
            )
            return await self._issue(connection, uuid.uuid4(), user_id)

    async def rotate(self, token: str) -> Issued | Refused:
        async with self._engine.begin() as connection:
            used = (
                await connection.execute(
                    text(
                        f"""UPDATE {self._table} SET used_at = clock_timestamp()
                            WHERE token_digest = :d AND used_at IS NULL
                              AND revoked_at IS NULL AND expires_at > now()
                            RETURNING family_id, user_id"""
                    ),
                    {"d": digest(token)},
                )
            ).first()
            if used is not None:
                return await self._issue(connection, used.family_id, used.user_id)
            return await self._refusal(connection, token)

    async def revoke_family_of(self, token: str) -> uuid.UUID | None:
        """Revokes the family `token` belongs to; returns its user, if the token is known."""
        async with self._engine.begin() as connection:
            row = (
                await connection.execute(
                    text(f"SELECT family_id, user_id FROM {self._table} WHERE token_digest = :d"),
                    {"d": digest(token)},
                )
            ).first()
            if row is None:
                return None
            await self._revoke(connection, "family_id", row.family_id)
            return uuid.UUID(str(row.user_id))

    async def revoke_user(self, user_id: uuid.UUID) -> int:
        """Revokes every family of the user (a new password, a disabled account)."""
        async with self._engine.begin() as connection:
            return await self._revoke(connection, "user_id", user_id)

    async def _issue(
        self, connection: AsyncConnection, family_id: uuid.UUID, user_id: uuid.UUID
    ) -> Issued:
        token = secrets.token_urlsafe(32)
        expires_at = await connection.scalar(
            text(
                f"""INSERT INTO {self._table} (token_digest, family_id, user_id, expires_at)
                    VALUES (:d, :f, :u, now() + :ttl) RETURNING expires_at"""
            ),
            {"d": digest(token), "f": family_id, "u": user_id, "ttl": self._ttl},
        )
        assert isinstance(expires_at, datetime)
        return Issued(token, family_id, user_id, expires_at)

    async def _refusal(self, connection: AsyncConnection, token: str) -> Refused:
        row = (
            await connection.execute(
                text(
                    f"""SELECT family_id, user_id, used_at, revoked_at, expires_at <= now()
                        AS expired FROM {self._table} WHERE token_digest = :d"""
                ),
                {"d": digest(token)},
            )
        ).first()
        if row is None:
            return Refused("unknown")
        if row.revoked_at is not None:
            return Refused("revoked", row.user_id)
        if row.used_at is not None:
            await self._revoke(connection, "family_id", row.family_id)
            return Refused("reused", row.user_id)
        return Refused("expired", row.user_id)

    async def _revoke(
        self, connection: AsyncConnection, column: Literal["family_id", "user_id"], value: object
    ) -> int:
        result = await connection.execute(
            text(
                f"""UPDATE {self._table} SET revoked_at = clock_timestamp()
                    WHERE {column} = :v AND revoked_at IS NULL"""
            ),
            {"v": value},
        )
        return int(result.rowcount or 0)
