"""Sealing personal fields on the way into the store, revealing them on the way out.

`seal` runs in the one command-handler path, before the append, so the hash chain covers the
ciphertext. `reveal` runs wherever plaintext is needed (folding state, projecting, audit
reads); a field whose key was destroyed reads "[redacted]". Keys are looked up for every
call, never cached, so a forgotten customer's data stops opening everywhere at once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Protocol

from cryptography.exceptions import InvalidTag

from privacy.cipher import REDACTED, UNREADABLE, open_text, parse_sealed, seal_text
from privacy.fields import (
    Payload,
    change_personal_strings,
    has_personal_fields,
    personal_strings,
)
from privacy.keys import DataKey, KeyStore
from schemas.envelope import NewEvent, RecordedEvent

log = logging.getLogger(__name__)

TypedPayload = tuple[str, Payload]


class PersonalData(Protocol):
    async def seal(self, subject: str | None, events: Sequence[NewEvent]) -> list[NewEvent]:
        """`events` with their personal fields encrypted under the key of `subject`."""
        ...

    async def reveal(self, payloads: Sequence[TypedPayload]) -> list[Payload]:
        """The payloads (event type, data) with personal fields decrypted where possible."""
        ...


class NoPersonalData:
    """Leaves every payload as it is: for tests and benchmarks that need no encryption."""

    async def seal(self, subject: str | None, events: Sequence[NewEvent]) -> list[NewEvent]:
        return list(events)

    async def reveal(self, payloads: Sequence[TypedPayload]) -> list[Payload]:
        return [data for _, data in payloads]


NO_PERSONAL_DATA = NoPersonalData()


class PersonalDataError(RuntimeError):
    """Personal data that cannot be sealed (it has no subject to own it)."""


class EncryptedPersonalData:
    def __init__(self, keys: KeyStore) -> None:
        self._keys = keys

    async def seal(self, subject: str | None, events: Sequence[NewEvent]) -> list[NewEvent]:
        if not any(has_personal_fields(event.type) for event in events):
            return list(events)
        if subject is None:
            raise PersonalDataError("personal data must belong to a customer to be sealed")
        key = await self._keys.active_key(subject)
        return [_sealed(event, key) for event in events]

    async def reveal(self, payloads: Sequence[TypedPayload]) -> list[Payload]:
        key_ids = {
            sealed.key_id
            for event_type, data in payloads
            for value in personal_strings(event_type, data)
            if (sealed := parse_sealed(value)) is not None
        }
        if not key_ids:
            return [data for _, data in payloads]
        opener = partial(_open, await self._keys.live_keys(key_ids))
        return [change_personal_strings(t, data, opener) for t, data in payloads]


def _sealed(event: NewEvent, key: DataKey) -> NewEvent:
    def seal(value: str) -> str:
        return value if parse_sealed(value) else seal_text(key.key_id, key.key, value)

    data = change_personal_strings(event.type, event.data, seal)
    return event if data is event.data else event.model_copy(update={"data": data})


def _open(keys: Mapping[str, bytes], value: str) -> str:
    sealed = parse_sealed(value)
    if sealed is None:
        return value
    key = keys.get(sealed.key_id)
    if key is None:
        return REDACTED
    try:
        return open_text(sealed, key)
    except InvalidTag:
        log.warning("a field sealed with key %s does not authenticate", sealed.key_id)
        return UNREADABLE


async def reveal_recorded(
    personal: PersonalData, events: Sequence[RecordedEvent]
) -> list[RecordedEvent]:
    data = await personal.reveal([(event.type, event.data) for event in events])
    return [
        event if revealed is event.data else event.model_copy(update={"data": revealed})
        for event, revealed in zip(events, data, strict=True)
    ]
