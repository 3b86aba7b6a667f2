"""Forgetting a customer: their personal data is gone from every response, read model,
export and log line, the hash chains still verify, and other customers are untouched.

Personal fields are sealed at append, so the events table never holds them in the clear;
forgetting destroys the customer's keys and re-projects their rows as "[redacted]".
"""

from __future__ import annotations

import json
import logging
from typing import Any

import asyncpg
import pytest

from privacy.personal_data import EncryptedPersonalData
from projections.rebuild import REBUILD_LOCK, Rebuild
from projections.registry import READ_MODELS
from tests.integration.privacy.voice import Heard, voice_order
from tests.support.audited import Deployment, dinner
from tests.support.orders import DELIVERY, order_body, pay, staff_step

ALICE_ADDRESS = "221B Baker Street, Flat 3"
ALICE_NOTE = "the green door, ring twice"
ALICE_SAID = "two french dinners to Baker Street please"
BOB_ADDRESS = "742 Evergreen Terrace"
ALICE_SECRETS = (ALICE_ADDRESS, ALICE_NOTE, ALICE_SAID, "Baker Street")


async def place_at(deployed: Deployment, customer: str, address: str, **extra: Any) -> Any:
    body = order_body(**extra) | {"delivery": {**DELIVERY, "address": address}}
    response = await deployed.command.http.post(
        "/api/orders", json=body, headers=deployed.command.auth(customer, "customer")
    )
    assert response.status_code == 201, response.text
    return response.json()


async def everything_stored(pool: asyncpg.Pool, schema: str) -> str:
    """Every row of every table in the schema (events, keys and read models) as text."""
    tables = await pool.fetch(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema
    )
    rows = [
        row[0]
        for table in tables
        for row in await pool.fetch(f'SELECT t::text FROM "{schema}"."{table[0]}" t')
    ]
    return "\n".join(rows)


async def everything_shown(deployed: Deployment, order: Any, voice: Any) -> str:
    """What the APIs answer about alice's data, to customers, staff and auditors."""
    q, oid, vid = deployed.query, order["order_id"], voice["voice_order_id"]
    requests = [
        (f"/api/orders/{oid}", q.auth("alice", "customer")),
        (f"/api/orders/{oid}", q.auth("sam", "staff")),
        ("/api/orders?customer_id=alice", q.auth("sam", "staff")),
        ("/api/kitchen/queue", q.auth("sam", "staff")),
        (f"/api/voice-orders/{vid}", q.auth("alice", "customer")),
        (f"/api/audit/streams/order-{oid}", q.auth("ada", "auditor")),
        (f"/api/audit/streams/voice-{vid}", q.auth("ada", "auditor")),
        ("/api/audit/events?limit=1000", q.auth("ada", "auditor")),
        (f"/api/audit/orders/{oid}/as-of?revision=0", q.auth("ada", "auditor")),
    ]
    bodies = []
    for path, headers in requests:
        response = await q.http.get(path, headers=headers)
        assert response.status_code == 200, (path, response.text)
        bodies.append(response.text)
    return "\n".join(bodies)


async def test_a_forgotten_customer_is_gone_everywhere_and_the_chains_still_hold(
    deployed: Deployment, pg_pool: asyncpg.Pool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    order = await place_at(deployed, "alice", ALICE_ADDRESS, note=ALICE_NOTE)
    await pay(deployed.command, order)
    await staff_step(deployed.command, order["order_id"], "confirm")
    heard = Heard(ALICE_SAID, ALICE_ADDRESS, ALICE_NOTE)
    voice = await voice_order(deployed, "alice", heard)
    bob = await place_at(deployed, "bob", BOB_ADDRESS)
    await deployed.project()

    assert heard.transcripts == [ALICE_SAID]  # the interpreter was given plaintext
    events = await pg_pool.fetch(f'SELECT data::text FROM "{deployed.schema}".events')
    at_rest = "\n".join(row[0] for row in events)
    for secret in (*ALICE_SECRETS, BOB_ADDRESS):
        assert secret not in at_rest  # sealed from the first append
    before = await everything_shown(deployed, order, voice)
    assert ALICE_ADDRESS in before and ALICE_NOTE in before and ALICE_SAID in before
    recording = deployed.media_dir / "voice" / f"{voice['voice_order_id']}.wav"
    assert recording.is_file()

    forbidden = await deployed.command.http.post(
        "/api/admin/customers/alice/forget", headers=deployed.command.auth("sam", "staff")
    )
    assert forbidden.status_code == 403
    forgotten = await deployed.command.http.post(
        "/api/admin/customers/alice/forget", headers=deployed.command.auth("root", "admin")
    )
    assert forgotten.status_code == 200, forgotten.text
    assert forgotten.json() == {
        "customer_id": "alice",
        "keys_destroyed": 1,
        "streams_reprojected": 2,
        "events_reprojected": 6,
        "recordings_deleted": 1,
    }

    # The order goes on; its new events are projected after the forget.
    await staff_step(deployed.command, order["order_id"], "start-cooking")
    await deployed.project()

    shown = await everything_shown(deployed, order, voice)
    stored = await everything_stored(pg_pool, deployed.schema)
    export = await dinner(deployed.env(), "audit", "export")
    assert export.exit_code == 0
    for secret in ALICE_SECRETS:
        assert secret not in shown
        assert secret not in stored
        assert secret not in export.stdout
        assert secret not in caplog.text
    assert "[redacted]" in shown
    view = (
        await deployed.query.http.get(
            f"/api/orders/{order['order_id']}", headers=deployed.query.auth("alice", "customer")
        )
    ).json()
    assert view["delivery"]["address"] == view["note"] == "[redacted]"
    assert view["status"] == "cooking"
    assert not recording.exists()

    bob_view = await deployed.query.http.get(
        f"/api/orders/{bob['order_id']}", headers=deployed.query.auth("bob", "customer")
    )
    assert bob_view.json()["delivery"]["address"] == BOB_ADDRESS
    assert BOB_ADDRESS in export.stdout and BOB_ADDRESS in shown

    verified = await deployed.query.http.get(
        "/api/audit/verify", headers=deployed.query.auth("ada", "auditor")
    )
    assert verified.json()["ok"] is True
    assert (await dinner(deployed.env(), "audit", "verify")).exit_code == 0

    again = await deployed.command.http.post(
        "/api/admin/customers/alice/forget", headers=deployed.command.auth("root", "admin")
    )
    assert again.json()["keys_destroyed"] == 0 and again.json()["recordings_deleted"] == 0


async def test_a_rebuild_after_forgetting_projects_the_redacted_data(
    deployed: Deployment, pg_pool: asyncpg.Pool
) -> None:
    await place_at(deployed, "alice", ALICE_ADDRESS, note=ALICE_NOTE)
    await deployed.project()
    forgotten = await dinner(deployed.env(), "privacy", "forget", "alice", "--yes")
    assert forgotten.exit_code == 0, forgotten.output
    rebuild = Rebuild(
        deployed.engine.execution_options(schema_translate_map=None),
        deployed.store,
        schema=deployed.schema,
        models=READ_MODELS,
        personal=EncryptedPersonalData(deployed.keys),
    )
    await rebuild.run()
    stored = await everything_stored(pg_pool, deployed.schema)
    assert ALICE_ADDRESS not in stored and "[redacted]" in stored


async def test_forgetting_waits_for_no_rebuild_and_drops_an_interrupted_one(
    deployed: Deployment, pg_pool: asyncpg.Pool
) -> None:
    await place_at(deployed, "alice", ALICE_ADDRESS)
    await deployed.project()
    side = f"{deployed.schema}_rebuild"
    await pg_pool.execute(f'CREATE SCHEMA "{side}"')
    await pg_pool.execute(
        f'CREATE TABLE "{side}".orders AS SELECT $1::text AS address', ALICE_ADDRESS
    )
    async with pg_pool.acquire() as rebuilding:
        await rebuilding.execute(f"SELECT pg_advisory_lock({REBUILD_LOCK})")
        busy = await deployed.command.http.post(
            "/api/admin/customers/alice/forget", headers=deployed.command.auth("root", "admin")
        )
        assert busy.status_code == 409
        assert (await dinner(deployed.env(), "privacy", "forget", "alice", "--yes")).exit_code == 1
        await rebuilding.execute(f"SELECT pg_advisory_unlock({REBUILD_LOCK})")
    done = await deployed.command.http.post(
        "/api/admin/customers/alice/forget", headers=deployed.command.auth("root", "admin")
    )
    assert done.status_code == 200
    assert not await pg_pool.fetchval(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", side
    )


async def test_rotated_keys_open_old_and_new_events_until_forgotten(
    deployed: Deployment, pg_pool: asyncpg.Pool
) -> None:
    first = await place_at(deployed, "alice", "old street 1")
    rotated = await dinner(deployed.env(), "privacy", "rotate-key", "alice")
    assert rotated.exit_code == 0, rotated.output
    second = await place_at(deployed, "alice", "new street 2")
    await deployed.project()
    stored = await pg_pool.fetch(
        f"""SELECT data->'delivery'->>'address' FROM "{deployed.schema}".events
            WHERE type = 'OrderPlaced' ORDER BY position"""
    )
    key_ids = {row[0].split(":")[2] for row in stored}
    assert len(key_ids) == 2
    for order, address in ((first, "old street 1"), (second, "new street 2")):
        view = await deployed.query.http.get(
            f"/api/orders/{order['order_id']}", headers=deployed.query.auth("alice", "customer")
        )
        assert view.json()["delivery"]["address"] == address
    done = await deployed.command.http.post(
        "/api/admin/customers/alice/forget", headers=deployed.command.auth("root", "admin")
    )
    assert done.json()["keys_destroyed"] == 2
    export = await dinner(deployed.env(), "audit", "export")
    assert "old street" not in export.stdout and "new street" not in export.stdout
    assert json.loads(export.stdout.splitlines()[-1])["data"]["delivery"]["address"] == "[redacted]"


GRACE = {"email": "grace.hopper@example.com", "name": "Grace Hopper", "phone": "010-5555-0199"}
GRACE_SECRETS = (*GRACE.values(), "grace.hopper", "Hopper")


async def test_a_forgotten_user_is_gone_from_accounts_too_and_may_sign_up_again(
    deployed: Deployment, pg_pool: asyncpg.Pool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    password = "a-long-enough-passphrase"
    command, query = deployed.command, deployed.query
    signed_up = await command.http.post("/api/auth/signup", json={**GRACE, "password": password})
    assert signed_up.status_code == 201, signed_up.text
    user_id = signed_up.json()["user_id"]
    login = {"email": GRACE["email"], "password": password}
    token = (await command.http.post("/api/auth/login", json=login)).json()["access_token"]
    grace = {"Authorization": f"Bearer {token}"}
    body = order_body() | {"delivery": {**DELIVERY, "address": "1 Navy Yard"}}
    placed = await command.http.post("/api/orders", json=body, headers=grace)
    assert placed.status_code == 201, placed.text  # her orders belong to her user id
    await deployed.project()
    admin = query.auth("root", "admin")

    async def shown() -> str:
        answers = [
            await query.http.get("/api/auth/me", headers=grace),
            await query.http.get("/api/users?limit=100", headers=admin),
            await query.http.get(f"/api/audit/streams/user-{user_id}", headers=admin),
            await query.http.get("/api/audit/events?limit=1000", headers=admin),
        ]
        assert all(answer.status_code == 200 for answer in answers)
        return "\n".join(answer.text for answer in answers)

    events = await pg_pool.fetch(f'SELECT data::text FROM "{deployed.schema}".events')
    assert not any(s in row[0] for row in events for s in GRACE_SECRETS)  # sealed at append
    before = await shown()
    assert all(value in before for value in GRACE.values())

    forgotten = await command.http.post(
        f"/api/admin/customers/{user_id}/forget", headers=command.auth("root", "admin")
    )
    assert forgotten.status_code == 200, forgotten.text
    assert forgotten.json()["keys_destroyed"] == 1
    assert forgotten.json()["streams_reprojected"] == 2  # her order and her own stream
    await deployed.project()

    after, stored = await shown(), await everything_stored(pg_pool, deployed.schema)
    export = await dinner(deployed.env(), "audit", "export")
    assert export.exit_code == 0
    for secret in GRACE_SECRETS:
        assert secret not in after and secret not in stored
        assert secret not in export.stdout and secret not in caplog.text
    me = (await query.http.get("/api/auth/me", headers=grace)).json()
    assert me == {
        "user_id": user_id,
        "email": "[redacted]",
        "name": "[redacted]",
        "role": "customer",
    }
    verified = await query.http.get("/api/audit/verify", headers=query.auth("ada", "auditor"))
    assert verified.json()["ok"] is True
    assert (await dinner(deployed.env(), "audit", "verify")).exit_code == 0
    # Nothing is left to sign in with, and the address is free for a new account.
    assert (await command.http.post("/api/auth/login", json=login)).status_code == 401
    again = await command.http.post("/api/auth/signup", json={**GRACE, "password": password})
    assert again.status_code == 201 and again.json()["user_id"] != user_id
