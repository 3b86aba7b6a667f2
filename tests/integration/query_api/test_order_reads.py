"""`GET /api/orders/{id}` and `GET /api/voice-orders/{id}`: views, isolation, read-your-writes."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from projections.tables import order_history, orders, voice_orders
from query_api.watcher import APPLICATION_NAME
from tests.support.apps import ApiClient
from tests.support.read_rows import (
    T0,
    insert,
    notify_projected,
    order_row,
    until,
    update_order,
    voice_row,
)

PROBLEM = "application/problem+json"


async def test_one_order_has_its_status_history(query_api: ApiClient, rows: AsyncEngine) -> None:
    row = order_row(status="paid", revision=1, position=9)
    await insert(rows, orders, [row])
    await insert(
        rows,
        order_history,
        [
            {
                "order_id": row["order_id"],
                "revision": 1,
                "type": "OrderPaid",
                "status": "paid",
                "at": T0 + timedelta(minutes=5),
                "position": 9,
            },
            {
                "order_id": row["order_id"],
                "revision": 0,
                "type": "OrderPlaced",
                "status": "placed",
                "at": T0,
                "position": 4,
            },
        ],
    )
    response = await query_api.http.get(
        f"/api/orders/{row['order_id']}", headers=query_api.auth("alice", "customer")
    )
    assert response.status_code == 200
    body = response.json()
    assert [(h["status"], h["revision"]) for h in body["status_history"]] == [
        ("placed", 0),
        ("paid", 1),
    ]
    assert (body["status"], body["revision"], body["position"]) == ("paid", 1, 9)
    assert "x-projection-stale" not in response.headers


async def test_a_customer_cannot_see_anothers_order(
    query_api: ApiClient, rows: AsyncEngine
) -> None:
    row = order_row(customer_id="bob")
    await insert(rows, orders, [row])
    path = f"/api/orders/{row['order_id']}"
    as_alice = await query_api.http.get(path, headers=query_api.auth("alice", "customer"))
    missing = await query_api.http.get(
        f"/api/orders/{uuid.uuid4()}", headers=query_api.auth("alice", "customer")
    )
    assert as_alice.status_code == missing.status_code == 404
    assert as_alice.json()["detail"] == missing.json()["detail"]
    assert as_alice.headers["content-type"].startswith(PROBLEM)
    for role in ("staff", "admin", "auditor"):
        seen = await query_api.http.get(path, headers=query_api.auth("someone", role))
        assert seen.status_code == 200, role
    as_bob = await query_api.http.get(path, headers=query_api.auth("bob", "customer"))
    assert as_bob.status_code == 200


async def test_a_waiting_read_is_released_by_the_projection_notice(
    patient_api: ApiClient, rows: AsyncEngine, read_side: str
) -> None:
    row = order_row(position=10)
    await insert(rows, orders, [row])
    path = f"/api/orders/{row['order_id']}?min_position=12"
    headers = patient_api.auth("alice", "customer")
    waiting = asyncio.create_task(patient_api.http.get(path, headers=headers))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    await notify_projected(rows, read_side, 11)  # another batch: not far enough yet
    await asyncio.sleep(0.1)
    assert not waiting.done()
    await update_order(rows, row["order_id"], status="paid", revision=1, position=12)
    notified = time.monotonic()
    await notify_projected(rows, read_side, 12)
    response = await asyncio.wait_for(waiting, 5)
    assert time.monotonic() - notified < 1.0
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["position"]) == ("paid", 12)
    assert "x-projection-stale" not in response.headers


async def test_a_waiting_read_sees_an_order_placed_meanwhile(
    patient_api: ApiClient, rows: AsyncEngine, read_side: str
) -> None:
    row = order_row(position=30)
    waiting = asyncio.create_task(
        patient_api.http.get(
            f"/api/orders/{row['order_id']}?min_position=30", headers=patient_api.auth("s", "staff")
        )
    )
    await asyncio.sleep(0.2)
    await insert(rows, orders, [row])
    started = time.monotonic()
    await notify_projected(rows, read_side, 31)
    response = await asyncio.wait_for(waiting, 5)
    assert time.monotonic() - started < 1.0
    assert response.status_code == 200


async def test_a_read_already_past_the_position_does_not_wait(
    patient_api: ApiClient, rows: AsyncEngine
) -> None:
    row = order_row(position=40)
    await insert(rows, orders, [row])
    started = time.monotonic()
    response = await patient_api.http.get(
        f"/api/orders/{row['order_id']}?min_position=40", headers=patient_api.auth("s", "staff")
    )
    assert time.monotonic() - started < 0.5
    assert response.status_code == 200
    assert "x-projection-stale" not in response.headers


async def test_a_timed_out_read_answers_stale(query_api: ApiClient, rows: AsyncEngine) -> None:
    row = order_row(position=5)
    await insert(rows, orders, [row])
    headers = query_api.auth("alice", "customer")
    started = time.monotonic()
    response = await query_api.http.get(
        f"/api/orders/{row['order_id']}?min_position=99", headers=headers
    )
    assert 0.4 < time.monotonic() - started < 2.0  # the fixture's bound is 0.5 s
    assert response.status_code == 200
    assert response.headers["x-projection-stale"] == "true"
    assert response.json()["position"] == 5
    missing = await query_api.http.get(
        f"/api/orders/{uuid.uuid4()}?min_position=1", headers=headers
    )
    assert missing.status_code == 404
    assert missing.headers["x-projection-stale"] == "true"
    assert missing.headers["content-type"].startswith(PROBLEM)


@pytest.mark.parametrize("value", ["-1", "soon"])
async def test_a_bad_min_position_is_422(query_api: ApiClient, value: str) -> None:
    response = await query_api.http.get(
        f"/api/orders/{uuid.uuid4()}?min_position={value}", headers=query_api.auth("s", "staff")
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)


async def test_a_voice_order_is_seen_by_its_owner_and_staff(
    query_api: ApiClient, rows: AsyncEngine
) -> None:
    row = voice_row(status="failed", failed_stage="interpret", failure_reason="no dinner named")
    await insert(rows, voice_orders, [row])
    path = f"/api/voice-orders/{row['voice_order_id']}"
    own = await query_api.http.get(path, headers=query_api.auth("alice", "customer"))
    assert own.status_code == 200
    body = own.json()
    assert (body["status"], body["failed_stage"]) == ("failed", "interpret")
    assert body["transcript"] == row["transcript"]
    assert body["draft"] == row["draft"]
    assert body["confidence"] == pytest.approx(0.93)
    assert "audio_ref" not in body
    other = await query_api.http.get(path, headers=query_api.auth("bob", "customer"))
    assert other.status_code == 404
    assert (await query_api.http.get(path, headers=query_api.auth("k", "staff"))).status_code == 200
    assert (await query_api.http.get(path, headers=query_api.auth("a", "admin"))).status_code == 200
    auditor = await query_api.http.get(path, headers=query_api.auth("x", "auditor"))
    assert auditor.status_code == 403


async def test_a_missed_notice_costs_only_the_recheck_interval(
    query_api: ApiClient, rows: AsyncEngine
) -> None:
    row = order_row(position=3)
    await insert(rows, orders, [row])
    waiting = asyncio.create_task(
        query_api.http.get(
            f"/api/orders/{row['order_id']}?min_position=4", headers=query_api.auth("s", "staff")
        )
    )
    await asyncio.sleep(0.05)
    await update_order(rows, row["order_id"], status="paid", position=4)  # and no notice
    response = await asyncio.wait_for(waiting, 5)
    assert response.json()["status"] == "paid"
    assert "x-projection-stale" not in response.headers


async def test_the_watcher_listens_again_after_losing_its_connection(
    patient_api: ApiClient, rows: AsyncEngine, read_side: str
) -> None:
    watcher = patient_api.app.state.watcher
    async with rows.begin() as connection:
        terminated = await connection.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = :name AND query LIKE :schema"
            ),
            {"name": APPLICATION_NAME, "schema": f"%{read_side}%"},
        )
    assert terminated == 1
    await until(lambda: not watcher.connected)
    await until(lambda: watcher.connected)
    row = order_row(position=50)
    await insert(rows, orders, [row])
    waiting = asyncio.create_task(
        patient_api.http.get(
            f"/api/orders/{row['order_id']}?min_position=51", headers=patient_api.auth("s", "staff")
        )
    )
    await asyncio.sleep(0.2)
    await update_order(rows, row["order_id"], position=51)
    await notify_projected(rows, read_side, 51)
    response = await asyncio.wait_for(waiting, 2)
    assert response.json()["position"] == 51
