"""A fixed-window counter per subject in Redis, counted and timed in one atomic step."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import quote

from redis.asyncio import Redis

# INCR and the expiry run as one script so no two callers can both see a fresh key and no
# crash between them can leave a counter that never expires. The window starts with the
# subject's first command; a key found without an expiry gets one rather than blocking forever.
_HIT = """
local used = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {used, ttl}
"""


@dataclass(frozen=True, slots=True)
class WindowUse:
    used: int
    resets_in_ms: int

    @property
    def retry_after_seconds(self) -> int:
        """Whole seconds until the window frees, never 0 (clients read 0 as "now")."""
        return max(1, math.ceil(self.resets_in_ms / 1000))


def window_key(prefix: str, subject: str) -> str:
    # Percent-encoded, so no subject can spell another's key.
    return f"{prefix}ratelimit:commands:{quote(subject, safe='')}"


async def count_hit(redis: Redis, key: str, window_seconds: int) -> WindowUse:
    """Counts one more use of `key`'s window and says how much of it is used."""
    used, resets_in_ms = await redis.register_script(_HIT)(keys=[key], args=[window_seconds * 1000])
    return WindowUse(int(used), int(resets_in_ms))
