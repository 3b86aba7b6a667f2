"""Sealing and revealing personal fields with per-customer keys held in PostgreSQL."""

from __future__ import annotations

import base64
import os
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from pydantic import ValidationError

from dinner.settings import Settings
from privacy.cipher import REDACTED, UNREADABLE, parse_sealed
from privacy.keys import PostgresKeyStore
from privacy.master import KeyDoesNotUnwrap, MasterKeys, UnknownMasterKey
from privacy.personal_data import EncryptedPersonalData
from tests.support.events import new_event

MASTER, OTHER = os.urandom(32), os.urandom(32)


@pytest.fixture
async def keys(pg_pool: asyncpg.Pool, pg_schema: str) -> AsyncIterator[PostgresKeyStore]:
    store = PostgresKeyStore(pg_pool, MasterKeys(MASTER), schema=pg_schema)
    await store.create_schema()
    yield store


def placed(address: str = "221B Baker Street", note: str | None = "ring twice") -> Any:
    data = {
        "order_id": "o",
        "customer_id": "alice",
        "total": 1,
        "note": note,
        "delivery": {"address": address, "requested_for": "2026-12-24T10:00:00Z"},
    }
    return new_event("OrderPlaced", data)


async def test_personal_fields_are_sealed_and_revealed(keys: PostgresKeyStore) -> None:
    personal = EncryptedPersonalData(keys)
    paid = new_event("OrderPaid", {"payment_ref": "card", "amount": 1})
    sealed_placed, sealed_paid = await personal.seal("alice", [placed(), paid])
    assert sealed_paid is paid  # nothing personal: the very same event
    data = sealed_placed.data
    assert data["delivery"]["address"].startswith("enc:v1:")
    assert data["note"].startswith("enc:v1:")
    assert data["delivery"]["requested_for"] == "2026-12-24T10:00:00Z"
    assert data["total"] == 1 and data["customer_id"] == "alice"
    (revealed,) = await personal.reveal([("OrderPlaced", data)])
    assert revealed == placed().data


async def test_no_note_stays_none_and_a_sealed_value_is_not_sealed_twice(
    keys: PostgresKeyStore,
) -> None:
    personal = EncryptedPersonalData(keys)
    (once,) = await personal.seal("alice", [placed(note=None)])
    assert once.data["note"] is None
    (twice,) = await personal.seal("alice", [once])
    assert twice.data == once.data


async def test_a_destroyed_key_reads_redacted_and_others_are_untouched(
    keys: PostgresKeyStore,
) -> None:
    personal = EncryptedPersonalData(keys)
    (alice,) = await personal.seal("alice", [placed()])
    (bob,) = await personal.seal("bob", [placed("742 Evergreen Terrace")])
    assert await keys.destroy("alice") == 1
    assert await keys.destroy("alice") == 0
    shown = await personal.reveal([("OrderPlaced", alice.data), ("OrderPlaced", bob.data)])
    assert shown[0]["delivery"]["address"] == REDACTED and shown[0]["note"] == REDACTED
    assert shown[1]["delivery"]["address"] == "742 Evergreen Terrace"
    (again,) = await personal.seal("alice", [placed("new address")])  # a fresh key
    assert parse_sealed(again.data["note"]) != parse_sealed(alice.data["note"])
    assert (await personal.reveal([("OrderPlaced", again.data)]))[0]["note"] == "ring twice"


async def test_altered_ciphertext_reads_unreadable(keys: PostgresKeyStore) -> None:
    personal = EncryptedPersonalData(keys)
    (event,) = await personal.seal("alice", [placed()])
    sealed = event.data["delivery"]["address"]
    flipped = sealed[:-3] + ("A" if sealed[-3] != "A" else "B") + sealed[-2:]
    data = {**event.data, "delivery": {**event.data["delivery"], "address": flipped}}
    assert (await personal.reveal([("OrderPlaced", data)]))[0]["delivery"]["address"] == UNREADABLE


async def test_rotation_seals_new_events_with_a_new_key_and_keeps_the_old(
    keys: PostgresKeyStore,
) -> None:
    personal = EncryptedPersonalData(keys)
    (before,) = await personal.seal("alice", [placed("old street")])
    rotated = await keys.rotate("alice")
    (after,) = await personal.seal("alice", [placed("new street")])
    old_key = parse_sealed(before.data["delivery"]["address"])
    new_key = parse_sealed(after.data["delivery"]["address"])
    assert old_key and new_key and new_key.key_id == rotated.key_id != old_key.key_id
    shown = await personal.reveal([("OrderPlaced", before.data), ("OrderPlaced", after.data)])
    assert [s["delivery"]["address"] for s in shown] == ["old street", "new street"]
    assert await keys.destroy("alice") == 2


async def test_master_key_rotation_rewraps_every_key(
    pg_pool: asyncpg.Pool, keys: PostgresKeyStore, pg_schema: str
) -> None:
    (event,) = await EncryptedPersonalData(keys).seal("alice", [placed()])
    newer = PostgresKeyStore(pg_pool, MasterKeys(OTHER), schema=pg_schema)
    with pytest.raises(UnknownMasterKey):
        await EncryptedPersonalData(newer).reveal([("OrderPlaced", event.data)])
    during = PostgresKeyStore(pg_pool, MasterKeys(OTHER, [MASTER]), schema=pg_schema)
    assert await during.rewrap() == 1
    assert await during.rewrap() == 0
    (shown,) = await EncryptedPersonalData(newer).reveal([("OrderPlaced", event.data)])
    assert shown["delivery"]["address"] == "221B Baker Street"
    with pytest.raises(UnknownMasterKey):  # the old master key alone opens nothing now
        await EncryptedPersonalData(keys).reveal([("OrderPlaced", event.data)])


async def test_a_wrapped_key_moved_to_another_customer_does_not_unwrap(
    pg_pool: asyncpg.Pool, keys: PostgresKeyStore, pg_schema: str
) -> None:
    personal = EncryptedPersonalData(keys)
    (event,) = await personal.seal("alice", [placed()])
    await pg_pool.execute(f'UPDATE "{pg_schema}".customer_keys SET customer_id = $1', "mallory")
    with pytest.raises(KeyDoesNotUnwrap):
        await personal.reveal([("OrderPlaced", event.data)])


async def test_the_key_table_holds_no_key_in_the_clear(
    pg_pool: asyncpg.Pool, keys: PostgresKeyStore, pg_schema: str
) -> None:
    key = await keys.active_key("alice")
    wrapped = await pg_pool.fetchval(f'SELECT wrapped_key FROM "{pg_schema}".customer_keys')
    assert key.key not in wrapped
    assert await keys.active_key("alice") == key  # one key per customer until rotated


def test_production_refuses_the_local_master_key() -> None:
    production = Settings(environment="production", jwt_secret="x" * 40)
    with pytest.raises(ValueError, match="PRIVACY_MASTER_KEY"):
        production.refuse_local_secret_in_production()
    mine = base64.b64encode(os.urandom(32)).decode()
    production.model_copy(update={"privacy_master_key": mine}).refuse_local_secret_in_production()


@pytest.mark.parametrize("value", ["not base64!", base64.b64encode(b"short").decode()])
def test_a_malformed_master_key_is_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        Settings(privacy_master_key=value)
