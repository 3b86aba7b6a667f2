"""Raw history for auditors: a stream's envelopes, the global log with its filters, the
JSON-lines export and the state-by-state replay on the command line."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from query_api.audit_log import HistoryFilter, PortAuditLog, PostgresAuditLog
from schemas.envelope import RecordedEvent
from schemas.hashing import first_broken_link
from tests.support.audited import Deployment, dinner
from tests.support.orders import DELIVERY, pay, place, staff_step

ENVELOPE = {
    "event_id",
    "stream_id",
    "type",
    "schema_version",
    "revision",
    "position",
    "recorded_at",
    "data",
    "metadata",
}


async def audit_get(deployed: Deployment, path: str, **params: Any) -> Any:
    response = await deployed.query.http.get(
        path, params=params, headers=deployed.query.auth("ada", "auditor")
    )
    assert response.status_code == 200, response.text
    return response.json()


async def an_order(deployed: Deployment) -> dict[str, Any]:
    order = await place(deployed.command, note="by the blue door")
    await pay(deployed.command, order)
    await staff_step(deployed.command, order["order_id"], "confirm")
    return order


async def test_a_stream_reads_as_envelopes_page_by_page(deployed: Deployment) -> None:
    order = await an_order(deployed)
    stream = f"order-{order['order_id']}"
    first = await audit_get(deployed, f"/api/audit/streams/{stream}", limit=2)
    assert [e["revision"] for e in first["items"]] == [0, 1]
    assert first["next_from_revision"] == 2
    rest = await audit_get(deployed, f"/api/audit/streams/{stream}", from_revision=2)
    assert [e["type"] for e in rest["items"]] == ["OrderConfirmed"]
    assert rest["next_from_revision"] is None
    placed = first["items"][0]
    assert set(placed) == ENVELOPE
    assert {"correlation_id", "causation_id", "actor", "prev_hash", "hash"} <= set(
        placed["metadata"]
    )
    assert placed["data"]["delivery"]["address"] == DELIVERY["address"]
    assert placed["data"]["note"] == "by the blue door"


async def test_as_stored_shows_the_sealed_fields_that_the_chain_covers(
    deployed: Deployment,
) -> None:
    order = await an_order(deployed)
    stream = f"order-{order['order_id']}"
    stored = await audit_get(deployed, f"/api/audit/streams/{stream}", as_stored="true")
    data = stored["items"][0]["data"]
    assert data["delivery"]["address"].startswith("enc:v1:")
    assert data["note"].startswith("enc:v1:")
    assert DELIVERY["address"] not in json.dumps(stored)
    events = [RecordedEvent.model_validate(item) for item in stored["items"]]
    assert first_broken_link(events) is None  # an auditor can check the chain elsewhere


async def test_unknown_stream_is_404(deployed: Deployment) -> None:
    response = await deployed.query.http.get(
        "/api/audit/streams/order-nope", headers=deployed.query.auth("ada", "auditor")
    )
    assert response.status_code == 404


async def test_the_global_history_filters_by_position_type_and_time(
    deployed: Deployment,
) -> None:
    first, second = await an_order(deployed), await an_order(deployed)
    everything = await audit_get(deployed, "/api/audit/events", limit=1000)
    positions = [e["position"] for e in everything["items"]]
    assert positions == sorted(positions) and everything["next_from_position"] is None
    placed = await audit_get(deployed, "/api/audit/events", type="OrderPlaced")
    assert [e["stream_id"] for e in placed["items"]] == [
        f"order-{first['order_id']}",
        f"order-{second['order_id']}",
    ]
    assert placed["items"][0]["data"]["delivery"]["address"] == DELIVERY["address"]

    page = await audit_get(deployed, "/api/audit/events", from_position=positions[3], limit=2)
    assert [e["position"] for e in page["items"]] == positions[3:5]
    assert page["next_from_position"] == positions[4] + 1

    second_placed = placed["items"][1]["recorded_at"]
    window = await audit_get(
        deployed,
        "/api/audit/events",
        from_time=second_placed,
        to_time=deployed.clock.given[-1].isoformat(),
    )
    assert [e["type"] for e in window["items"]] == ["OrderPlaced", "OrderPaid"]
    both = await audit_get(deployed, "/api/audit/events", type=["OrderPaid", "OrderConfirmed"])
    assert len(both["items"]) == 4


async def test_a_reversed_time_range_is_422(deployed: Deployment) -> None:
    later = deployed.clock.at
    response = await deployed.query.http.get(
        "/api/audit/events",
        params={"from_time": later.isoformat(), "to_time": (later - timedelta(1)).isoformat()},
        headers=deployed.query.auth("ada", "auditor"),
    )
    assert response.status_code == 422


async def test_export_writes_one_envelope_per_line_from_a_position(
    deployed: Deployment,
) -> None:
    await an_order(deployed)
    head = await deployed.last_position()
    everything = await dinner(deployed.env(), "audit", "export")
    assert everything.exit_code == 0, everything.output
    lines = [json.loads(line) for line in everything.stdout.splitlines()]
    assert [e["position"] for e in lines] == list(range(1, head + 1))
    assert all(set(e) == ENVELOPE for e in lines)
    assert lines[-3]["data"]["delivery"]["address"] == DELIVERY["address"]

    tail = await dinner(deployed.env(), "audit", "export", "--from-position", str(head - 1))
    assert [json.loads(line)["position"] for line in tail.stdout.splitlines()] == [head - 1, head]
    sealed = await dinner(deployed.env(), "audit", "export", "--as-stored", "--page", "2")
    assert DELIVERY["address"] not in sealed.stdout
    assert len(sealed.stdout.splitlines()) == head


async def test_replay_prints_the_state_after_each_event(deployed: Deployment) -> None:
    order = await an_order(deployed)
    stream = f"order-{order['order_id']}"
    full = await dinner(deployed.env(), "audit", "replay", "--stream", stream)
    assert full.exit_code == 0, full.output
    for title in (
        "revision 0 · OrderPlaced",
        "revision 1 · OrderPaid",
        "revision 2 · OrderConfirmed",
    ):
        assert title in full.stdout
    assert DELIVERY["address"] in full.stdout
    assert "confirmed" in full.stdout

    upto = await dinner(deployed.env(), "audit", "replay", "--stream", stream, "--to-revision", "1")
    assert "OrderPaid" in upto.stdout and "OrderConfirmed" not in upto.stdout
    placed_at = deployed.clock.given[-3].isoformat()
    by_time = await dinner(
        deployed.env(), "audit", "replay", "--stream", stream, "--to-time", placed_at
    )
    assert "OrderPlaced" in by_time.stdout and "OrderPaid" not in by_time.stdout

    both = await dinner(
        deployed.env(),
        "audit",
        "replay",
        "--stream",
        stream,
        "--to-revision",
        "1",
        "--to-time",
        placed_at,
    )
    assert both.exit_code == 2
    missing = await dinner(deployed.env(), "audit", "replay", "--stream", "order-nope")
    assert missing.exit_code == 1


async def test_the_port_reader_pages_like_the_postgres_one(deployed: Deployment) -> None:
    """The reader for stores other than PostgreSQL (KurrentDB) goes through `read_all`."""
    await an_order(deployed)
    await an_order(deployed)
    postgres = PostgresAuditLog(deployed.store.pool, deployed.schema)
    port = PortAuditLog(deployed.store)
    for start, size in ((0, 1000), (5, 3), (10, 1)):
        expected = await postgres.page(start, size)
        assert [e.event_id for e in await port.page(start, size)] == [e.event_id for e in expected]
        assert await port.envelopes(start, size) == [e.model_dump(mode="json") for e in expected]
    where = HistoryFilter(frozenset({"OrderPaid"}))
    assert [e.position for e in await port.page(0, 10, where)] == [
        e.position for e in await postgres.page(0, 10, where)
    ]
