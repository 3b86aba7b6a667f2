"""Voice order upload and acceptance, and the admin's menu routes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from eventstore.postgres import PostgresEventStore
from schemas.commands.voice_order import RecordInterpretation, RecordTranscript
from schemas.envelope import Actor, EventMetadata
from schemas.events.voice_order import OrderDraft
from schemas.streams import StreamId
from schemas.values import RequestedLine
from service_layer import CommandContext, CommandService
from tests.support.apps import ApiClient
from tests.support.audio import wav_bytes

AI = EventMetadata(correlation_id="test", actor=Actor(user_id="ai-worker", role="system"))


async def upload(api: ApiClient, data: bytes, name: str = "order.wav") -> Any:
    return await api.http.post(
        "/api/voice-orders",
        files={"audio": (name, data, "audio/wav")},
        headers=api.auth("alice", "customer"),
    )


async def interpret(store: PostgresEventStore, voice_order_id: str, request_id: str) -> None:
    """What the AI worker would record: a transcript, then a draft."""
    handler, now = CommandService(store), datetime.now(UTC)
    ids = {"voice_order_id": uuid.UUID(voice_order_id), "request_id": uuid.UUID(request_id)}
    transcript = RecordTranscript(**ids, transcript="two french dinners", at=now)
    await handler.handle(transcript, CommandContext(AI))
    draft = OrderDraft(
        items=(RequestedLine(menu_item_id="french_dinner", quantity=2, serving_style="grand"),),
        requested_for=datetime(2026, 12, 24, 10, tzinfo=UTC),
    )
    interpretation = RecordInterpretation(**ids, draft=draft, confidence=0.9, at=now)
    await handler.handle(interpretation, CommandContext(AI))


async def test_a_voice_order_is_stored_and_submitted(
    command_api: ApiClient, pg_store: PostgresEventStore
) -> None:
    response = await upload(command_api, wav_bytes(1.0))
    assert response.status_code == 202
    body = response.json()
    (event,) = await pg_store.read_stream(StreamId.voice_order(body["voice_order_id"]))
    assert event.type == "VoiceOrderSubmitted"
    assert event.data["request_id"] == body["request_id"]
    assert event.data["duration_seconds"] == pytest.approx(1.0)
    stored = command_api.settings.media_dir / event.data["audio_ref"]
    assert stored.read_bytes() == wav_bytes(1.0)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"", 422),
        (b"hello, this is not audio at all", 415),
        (b"RIFF\x10\x00\x00\x00WAVEfmt garbage", 422),
        (wav_bytes(121.0, rate=8_000), 422),
    ],
    ids=["empty", "text renamed .wav", "broken wav", "too long"],
)
async def test_a_bad_upload_is_refused_and_appends_nothing(
    command_api: ApiClient, pg_store: PostgresEventStore, data: bytes, status: int
) -> None:
    before = await pg_store.head_position()
    response = await upload(command_api, data)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert await pg_store.head_position() == before


async def test_an_upload_over_the_limit_is_413(command_api: ApiClient) -> None:
    response = await upload(command_api, b"RIFF" + b"\x00" * (11 * 1024 * 1024))
    assert response.status_code == 413


async def test_accepting_an_interpreted_draft_places_the_order_once(
    command_api: ApiClient, pg_store: PostgresEventStore
) -> None:
    submitted = (await upload(command_api, wav_bytes())).json()
    path = f"/api/voice-orders/{submitted['voice_order_id']}/accept"
    early = await command_api.http.post(path, headers=command_api.auth("alice", "customer"))
    assert early.status_code == 409

    await interpret(pg_store, submitted["voice_order_id"], submitted["request_id"])
    body = {"delivery": {"address": "1 Main St", "requested_for": "2026-12-24T19:00:00+09:00"}}
    accepted = await command_api.http.post(
        path, json=body, headers=command_api.auth("alice", "customer")
    )
    assert accepted.status_code == 201, accepted.text
    order = accepted.json()
    assert order["total"] == 2 * 80_000
    assert accepted.headers["Location"] == f"/api/orders/{order['order_id']}"

    again = await command_api.http.post(
        path, json=body, headers=command_api.auth("alice", "customer")
    )
    assert again.status_code == 201
    assert again.json()["order_id"] == order["order_id"]
    other = await command_api.http.post(path, headers=command_api.auth("bob", "customer"))
    assert other.status_code == 403
    log = await pg_store.read_all()
    assert [e.type for e in log].count("OrderPlaced") == 1


async def test_an_admin_adds_and_changes_menu_items(command_api: ApiClient) -> None:
    admin = command_api.auth("root", "admin")
    soup = {"menu_item_id": "soup", "name": "Soup", "kind": "extra", "price": 8_000}
    added = await command_api.http.post("/api/menu/items", json=soup, headers=admin)
    assert added.status_code == 201
    assert added.json()["menu_item_id"] == "soup"
    duplicate = await command_api.http.post("/api/menu/items", json=soup, headers=admin)
    assert duplicate.status_code == 409
    changed = await command_api.http.patch(
        "/api/menu/items/soup", json={"price": 9_000}, headers=admin
    )
    assert changed.status_code == 200
    unknown = await command_api.http.patch(
        "/api/menu/items/unicorn", json={"price": 9_000}, headers=admin
    )
    assert unknown.status_code == 404
    free = await command_api.http.patch("/api/menu/items/soup", json={"price": 0}, headers=admin)
    assert free.status_code == 422

    order = await command_api.http.post(
        "/api/orders",
        json={
            "items": [{"menu_item_id": "soup", "quantity": 2}],
            "delivery": {"address": "1 Main St", "requested_for": "2026-12-24T19:00:00+09:00"},
        },
        headers=command_api.auth("alice", "customer"),
    )
    assert order.json()["total"] == 18_000


async def test_an_unavailable_item_cannot_be_ordered(command_api: ApiClient) -> None:
    admin = command_api.auth("root", "admin")
    await command_api.http.patch("/api/menu/items/wine", json={"available": False}, headers=admin)
    response = await command_api.http.post(
        "/api/orders",
        json={
            "items": [{"menu_item_id": "wine", "quantity": 1}],
            "delivery": {"address": "1 Main St", "requested_for": "2026-12-24T19:00:00+09:00"},
        },
        headers=command_api.auth("alice", "customer"),
    )
    assert response.status_code == 422


async def test_health_ready_and_metrics(command_api: ApiClient) -> None:
    assert (await command_api.http.get("/health")).json() == {"status": "ok"}
    ready = await command_api.http.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"event_store": "ok", "redis": "ok"}
    await command_api.http.get("/api/orders")  # any request is counted
    metrics = (await command_api.http.get("/metrics")).text
    assert "http_requests_total" in metrics
