"""Sign-in attempts, limited per client address and per account, counted in Redis.

- Per client address, every attempt counts in a fixed window; past the limit a 429.
- Per account, failures count; at the limit the account is locked until its window ends
  (a 429 with `Retry-After`, also for the right password), and a warning says so once. A
  sign-in that succeeds clears the count. The account is named by the blind digest of the
  address it was tried with, known or not, so a lockout tells nothing about who exists and no
  address reaches Redis or the logs.

The client address is the one uvicorn reports, which behind a proxy is the proxy's unless
uvicorn trusts its forwarding headers (`FORWARDED_ALLOW_IPS`, docs/security.md).
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from redis.asyncio import Redis
from redis.exceptions import RedisError

from api_common.problems import Problem
from api_common.rate_window import WindowUse, count_hit
from dinner.settings import Settings

log = logging.getLogger(__name__)


def too_many_sign_ins(detail: str, retry_after: int) -> Problem:
    return Problem(
        429, "too-many-sign-ins", detail=detail, headers={"Retry-After": str(retry_after)}
    )


def unavailable() -> Problem:
    return Problem(
        503,
        "sign-in-unavailable",
        detail="Sign-in cannot be checked right now.",
        headers={"Retry-After": "2"},
    )


class SignInLimits:
    def __init__(self, redis: Redis, settings: Settings) -> None:
        self._redis = redis
        self._settings = settings
        self._prefix = f"{settings.redis_prefix}ratelimit:sign-in"

    def _address(self, address: str) -> str:
        return f"{self._prefix}:address:{quote(address, safe='')}"

    def _account(self, account: str) -> str:
        return f"{self._prefix}:account:{account}"

    async def admit(self, address: str, account: str) -> None:
        """Counts the attempt; raises a 429 Problem when either limit is reached."""
        s = self._settings
        try:
            use = await count_hit(
                self._redis, self._address(address), s.sign_in_address_window_seconds
            )
            failures, locked_ms = await self._failures(account)
        except (RedisError, OSError):
            log.warning("sign-in limits unreachable, sign-in refused", exc_info=True)
            raise unavailable() from None
        if use.used > s.sign_in_attempts_per_address:
            detail = f"At most {s.sign_in_attempts_per_address} sign-ins per address per "
            detail += f"{s.sign_in_address_window_seconds} s."
            raise too_many_sign_ins(detail, use.retry_after_seconds)
        if failures >= s.sign_in_failures_before_lockout:
            retry = WindowUse(failures, locked_ms).retry_after_seconds
            raise too_many_sign_ins("Too many failed sign-ins: try again later.", retry)

    async def failed(self, account: str) -> None:
        s = self._settings
        try:
            use = await count_hit(self._redis, self._account(account), s.sign_in_lockout_seconds)
        except (RedisError, OSError):
            log.warning("could not count a failed sign-in", exc_info=True)
            return
        if use.used == s.sign_in_failures_before_lockout:
            lockout = "sign-in locked for account %s for %d s after %d failed attempts"
            log.warning(lockout, account, use.retry_after_seconds, use.used)

    async def succeeded(self, account: str) -> None:
        try:
            await self._redis.delete(self._account(account))
        except (RedisError, OSError):
            log.warning("could not clear the failed sign-ins of an account", exc_info=True)

    async def _failures(self, account: str) -> tuple[int, int]:
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.get(self._account(account))
            pipe.pttl(self._account(account))
            count, ttl = await pipe.execute()
        return int(count or 0), max(int(ttl), 0)
