"""What can refuse a token whose signature is fine: its revocation, or its user's account.

Both live in Redis, shared by every API process, and one MGET answers both for a request:

- `<prefix>auth:revoked:<jti>`: a token signed out, kept until the token would have expired
  anyway (the key's own expiry), so the set never outgrows the tokens still alive;
- `<prefix>auth:user:<sub>`: `<revision>:<role>` or `<revision>:disabled`, written by the
  command API after each change to a registered user, and again at each sign-in. A disabled
  user's tokens are refused, and so are tokens naming a role the user no longer has. A subject
  with no such key (a service account's `dinner token`) is judged by its token alone.

The status is only ever moved forward (a script compares revisions), so a sign-in that read
the account just before an admin changed it cannot put the old role back. Every change is also
published on `<prefix>auth:changed:<sub>` so open WebSockets check again at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import quote

from redis.asyncio import Redis

from schemas.vocabulary import UserRole

DISABLED: Final = "disabled"

# Sets the status unless the stored one is of a later revision.
_MOVE_FORWARD = """
local current = redis.call('GET', KEYS[1])
if current then
  local revision = tonumber(string.match(current, '^(%-?%d+):'))
  if revision and revision > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2])
return 1
"""


@dataclass(frozen=True)
class Verdict:
    """`refusal`: why the token may not be used (None: it may). `registered`: the subject is
    a registered user, as far as Redis knows."""

    refusal: str | None
    registered: bool


class Revocations:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix

    def _revoked(self, jti: str) -> str:
        return f"{self._prefix}auth:revoked:{quote(jti, safe='')}"

    def _user(self, sub: str) -> str:
        return f"{self._prefix}auth:user:{quote(sub, safe='')}"

    def changes(self, sub: str) -> str:
        """The channel told of every revocation and account change of `sub`."""
        return f"{self._prefix}auth:changed:{quote(sub, safe='')}"

    async def verdict(self, sub: str, role: UserRole, jti: str) -> Verdict:
        revoked, status = await self._redis.mget(self._revoked(jti), self._user(sub))
        if revoked is not None:
            return Verdict("The token has been revoked.", status is not None)
        if status is None:
            return Verdict(None, False)
        text = status.decode() if isinstance(status, bytes) else str(status)
        _, _, current = text.partition(":")
        if current == DISABLED:
            return Verdict("The account is disabled.", True)
        if current != role:
            return Verdict("The token's role is no longer the account's.", True)
        return Verdict(None, True)

    async def revoke(self, sub: str, jti: str, expires_at: float) -> None:
        """Refuses the token from now until it expires (EXAT: Redis drops the key then)."""
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.set(self._revoked(jti), b"1", exat=max(int(expires_at) + 1, 1))
            pipe.publish(self.changes(sub), jti)
            await pipe.execute()

    async def record_user(self, sub: str, revision: int, role: UserRole, *, disabled: bool) -> None:
        """The account as of `revision` of its stream; an older revision changes nothing."""
        status = DISABLED if disabled else role
        moved = await self._redis.register_script(_MOVE_FORWARD)(
            keys=[self._user(sub)], args=[revision, status]
        )
        if moved:
            await self._redis.publish(self.changes(sub), status)
