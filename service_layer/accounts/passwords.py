"""Passwords: the policy a new one must meet, and argon2id hashing through pwdlib.

The parameters are pwdlib's recommendation (argon2-cffi's RFC 9106 low-memory profile), so a
library upgrade that raises them makes `verify` return a new hash, and the accounts service
stores it on that sign-in. Hashing runs in worker threads (the C code releases the GIL) and
at most `concurrency` at once: each one holds 64 MiB, and a burst of sign-ins must queue
rather than exhaust memory. An unknown email is verified against a dummy hash made with the
same parameters, so it costs what a wrong password costs and its timing tells nothing.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from typing import Final

from pwdlib import PasswordHash

from domain.errors import RuleViolation
from service_layer.accounts.common_passwords import COMMON_PASSWORDS

MIN_LENGTH: Final = 10
# Long enough for any passphrase, short enough that hashing it is no way to burn CPU.
MAX_LENGTH: Final = 256
MIN_DISTINCT: Final = 4


def check_password(password: str) -> None:
    """Raises `RuleViolation("weak_password")` for a password too weak to accept."""
    if len(password) < MIN_LENGTH:
        raise RuleViolation(
            "weak_password", f"the password must have at least {MIN_LENGTH} characters"
        )
    if len(password) > MAX_LENGTH:
        raise RuleViolation(
            "weak_password", f"the password must have at most {MAX_LENGTH} characters"
        )
    if password.casefold() in COMMON_PASSWORDS or len(set(password)) < MIN_DISTINCT:
        raise RuleViolation("weak_password", "the password is too common to be safe")


class Passwords:
    def __init__(self, hasher: PasswordHash | None = None, concurrency: int | None = None):
        self._hasher = hasher or PasswordHash.recommended()
        self._slots = asyncio.Semaphore(concurrency or max(2, os.cpu_count() or 2))
        self._dummy: str | None = None
        # How many passwords were checked against a hash: a dummy one counts too.
        self.verifications = 0

    async def hash(self, password: str) -> str:
        async with self._slots:
            return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, password: str, password_hash: str) -> tuple[bool, str | None]:
        """Whether it matches, and a new hash when the current parameters differ from the
        stored hash's."""
        self.verifications += 1
        async with self._slots:
            return await asyncio.to_thread(self._hasher.verify_and_update, password, password_hash)

    async def prepare(self) -> None:
        """Makes the dummy hash, so the first unknown email costs no more than the next."""
        if self._dummy is None:
            self._dummy = await self.hash(secrets.token_urlsafe(16))

    async def verify_nothing(self, password: str) -> None:
        """What checking a password costs, for an account that does not exist."""
        await self.prepare()
        assert self._dummy is not None
        await self.verify(password, self._dummy)
