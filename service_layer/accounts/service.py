"""Accounts: signing up, signing in, and what admins do to users, on the service layer.

Every change is a user command handled by `CommandService`. What the decider cannot do itself
happens here: passwords are checked, hashed and sealed (the domain sees only a sealed hash),
email addresses are reserved in the blind index before a registration is appended, and the
other enabled admins are counted under the admins' lock.

A sign-up reserves the address, then appends `UserRegistered` at NO_STREAM to the reserving
user's stream. When the address is held by a user whose stream does not exist (a sign-up
killed between its two writes, or one still in flight), this sign-up competes for that same
stream: whichever append lands first owns the address, the other is told it is taken.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidTag

from domain import USER
from domain.errors import AlreadyExists, RuleViolation
from domain.user import normalised_email
from domain.user_state import UserState
from eventstore.port import WrongExpectedRevision
from privacy.cipher import open_text, parse_sealed, seal_text
from privacy.email_index import EmailIndex
from privacy.keys import KeyStore
from schemas.commands.user import (
    ChangeUserPassword,
    ChangeUserRole,
    DisableUser,
    EnableUser,
    RegisterUser,
    UserCommand,
)
from schemas.envelope import Actor, EventMetadata
from schemas.streams import StreamId
from schemas.vocabulary import UserRole
from service_layer.accounts.admins import AdminRoster, Candidates
from service_layer.accounts.passwords import MAX_LENGTH, Passwords, check_password
from service_layer.accounts.sessions import Sessions
from service_layer.context import CommandContext
from service_layer.service import CommandService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registration:
    email: str
    name: str
    password: str
    role: UserRole = "customer"
    phone: str | None = None


@dataclass(frozen=True)
class Origin:
    """Why a change happens, for its events' metadata. `actor` None: the user acts for
    themself (signing up, signing in)."""

    correlation_id: str
    causation_id: str | None = None
    actor: Actor | None = None

    def context(self, user_id: uuid.UUID, role: UserRole) -> CommandContext:
        actor = self.actor or Actor(user_id=str(user_id), role=role)
        metadata = EventMetadata(
            correlation_id=self.correlation_id, causation_id=self.causation_id, actor=actor
        )
        return CommandContext(metadata)


@dataclass(frozen=True)
class Account:
    """A registered user as of `revision` of their stream (at global `position`)."""

    state: UserState
    revision: int
    position: int

    @property
    def user_id(self) -> uuid.UUID:
        assert self.state.user_id is not None
        return self.state.user_id


def email_taken() -> AlreadyExists:
    return AlreadyExists("email_taken", "the email address is already registered")


class Accounts:
    def __init__(
        self,
        commands: CommandService,
        keys: KeyStore,
        emails: EmailIndex,
        roster: AdminRoster,
        sessions: Sessions,
        passwords: Passwords,
    ) -> None:
        self._commands = commands
        self._keys = keys
        self._emails = emails
        self._roster = roster
        self.sessions = sessions
        self.passwords = passwords

    async def user(self, user_id: uuid.UUID) -> Account | None:
        state, at = await self._commands.load(USER, StreamId.user(user_id))
        return Account(state, at.revision, at.position) if state.registered else None

    def sign_in_key(self, email: str) -> str:
        """A name for the address that says nothing about it: for counting failed sign-ins."""
        return self._emails.digest(email.strip().lower()).hex()[:32]

    async def register(self, registration: Registration, at: datetime, origin: Origin) -> Account:
        normal = normalised_email(registration.email)
        check_password(registration.password)
        user_id = await self._reserve(normal)

        def append() -> Awaitable[Account]:
            return self._append_registration(user_id, registration, at, origin)

        if registration.role != "admin":
            return await append()
        async with self._roster.changing() as candidates:
            return await self._settled(candidates, user_id, append)

    async def authenticate(self, email: str, password: str, at: datetime) -> Account | None:
        """The user, when the password is theirs and the account is enabled. Every refusal
        costs one password check, whether or not the address is known."""
        account = await self._by_email(email)
        stored = await self._password_hash(account.state) if account is not None else None
        if account is None or stored is None or len(password) > MAX_LENGTH:
            await self.passwords.verify_nothing(password[:MAX_LENGTH])
            return None
        matches, newer = await self.passwords.verify(password, stored)
        if not matches or account.state.disabled:
            return None
        if newer is not None:
            return await self._rehash(account, newer, at)
        return account

    async def change_role(
        self, user_id: uuid.UUID, role: UserRole, at: datetime, origin: Origin
    ) -> Account:
        async with self._roster.changing() as candidates:
            others = await self._other_enabled_admins(candidates, user_id)
            command = ChangeUserRole(user_id=user_id, role=role, other_enabled_admins=others, at=at)
            return await self._settled(candidates, user_id, lambda: self._handle(command, origin))

    async def disable(self, user_id: uuid.UUID, at: datetime, origin: Origin) -> Account:
        async with self._roster.changing() as candidates:
            others = await self._other_enabled_admins(candidates, user_id)
            command = DisableUser(user_id=user_id, other_enabled_admins=others, at=at)
            account = await self._settled(
                candidates, user_id, lambda: self._handle(command, origin)
            )
        await self.sessions.revoke_user(user_id)
        return account

    async def enable(self, user_id: uuid.UUID, at: datetime, origin: Origin) -> Account:
        async with self._roster.changing() as candidates:
            command = EnableUser(user_id=user_id, at=at)
            return await self._settled(candidates, user_id, lambda: self._handle(command, origin))

    async def change_password(
        self, user_id: uuid.UUID, password: str, at: datetime, origin: Origin
    ) -> Account:
        """A new password; every session of the user has to sign in again."""
        check_password(password)
        sealed = await self._sealed_hash(user_id, await self.passwords.hash(password))
        command = ChangeUserPassword(user_id=user_id, password_hash=sealed, at=at)
        account = await self._handle(command, origin)
        await self.sessions.revoke_user(user_id)
        return account

    async def _reserve(self, normal: str) -> uuid.UUID:
        """The user id to register the address under: a new one, or that of an unfinished
        reservation of the same address, whose stream this sign-up then competes for."""
        user_id = uuid.uuid4()
        holder = await self._emails.reserve(normal, user_id)
        if holder != user_id and await self.user(holder) is not None:
            raise email_taken()
        return holder

    async def _append_registration(
        self, user_id: uuid.UUID, registration: Registration, at: datetime, origin: Origin
    ) -> Account:
        password_hash = await self.passwords.hash(registration.password)
        command = RegisterUser(
            user_id=user_id,
            email=registration.email,
            name=registration.name,
            phone=registration.phone,
            role=registration.role,
            password_hash=await self._sealed_hash(user_id, password_hash),
            at=at,
        )
        try:
            return await self._handle(command, origin, registration.role)
        except WrongExpectedRevision:
            raise email_taken() from None

    async def _handle(
        self, command: UserCommand, origin: Origin, role: UserRole = "customer"
    ) -> Account:
        result = await self._commands.handle(command, origin.context(command.user_id, role))
        return Account(result.state, result.revision, result.position)

    async def _by_email(self, email: str) -> Account | None:
        try:
            normal = normalised_email(email)
        except RuleViolation:
            return None
        holder = await self._emails.holder(normal)
        return None if holder is None else await self.user(holder)

    async def _other_enabled_admins(self, candidates: Candidates, user_id: uuid.UUID) -> int:
        """Counted from the candidates' streams; a candidate that is no enabled admin (a
        change that crashed half-way, a demoted admin) is dropped on the way."""
        count = 0
        for candidate in await candidates.all():
            account = await self.user(candidate)
            if account is not None and account.state.enabled_admin:
                count += candidate != user_id
            elif candidate != user_id:
                await candidates.remove(candidate)
        return count

    async def _settled(
        self,
        candidates: Candidates,
        user_id: uuid.UUID,
        change: Callable[[], Awaitable[Account]],
    ) -> Account:
        """Runs a change that may make or unmake an enabled admin: the user is a candidate
        before it, and stays one after it only if they are an enabled admin."""
        await candidates.add(user_id)
        account = await change()
        if not account.state.enabled_admin:
            await candidates.remove(user_id)
        return account

    async def _rehash(self, account: Account, newer: str, at: datetime) -> Account:
        sealed = await self._sealed_hash(account.user_id, newer)
        command = ChangeUserPassword(
            user_id=account.user_id, password_hash=sealed, rehash=True, at=at
        )
        origin = Origin(correlation_id=f"rehash:{uuid.uuid4()}")
        return await self._handle(command, origin, account.state.role)

    async def _sealed_hash(self, user_id: uuid.UUID, password_hash: str) -> str:
        key = await self._keys.active_key(str(user_id))
        return seal_text(key.key_id, key.key, password_hash)

    async def _password_hash(self, state: UserState) -> str | None:
        """The stored hash, or None once the user's key is destroyed (forgotten)."""
        sealed = parse_sealed(state.password_hash)
        if sealed is None:
            return None
        key = (await self._keys.live_keys([sealed.key_id])).get(sealed.key_id)
        if key is None:
            return None
        try:
            return open_text(sealed, key)
        except InvalidTag:
            log.warning("the password hash of user %s does not authenticate", state.user_id)
            return None
