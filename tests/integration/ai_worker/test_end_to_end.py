"""Voice orders and cake designs through the API, the queues and the real CPU models."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.catalogue import DEFAULT_MENU
from eventstore.postgres import PostgresEventStore
from service_layer import CommandService
from service_layer.seeding import seed_menu
from tests.support.orders import order_body
from tests.support.system import System, free_port, running_system

pytestmark = pytest.mark.slow
SPOKEN = "I would like two French dinners in grand style and one cake, tomorrow at seven pm."


@pytest.fixture
async def ai_system(
    pg_store: PostgresEventStore,
    read_side: str,
    amqp_url: str,
    tmp_path: Path,
    ai_settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[System]:
    await seed_menu(CommandService(pg_store), datetime.now(UTC))
    monkeypatch.setenv("MODEL_CACHE_DIR", str(ai_settings.model_cache_dir))
    port = free_port()
    monkeypatch.setenv("AI_WORKER_PORT", str(port))
    log, media = tmp_path / "system.log", tmp_path / "media"
    extra = (("cli", "ai-worker"),)
    async with running_system(read_side, amqp_url, log, media, extra) as running:
        async with httpx.AsyncClient() as client:
            health = await poll(
                lambda: _health(client, port), lambda h: h.get("status") == "ok", 60
            )
        assert health["engines"]["device"] == "cpu"
        yield running


async def _health(client: httpx.AsyncClient, port: int) -> dict[str, Any]:
    try:
        return dict((await client.get(f"http://127.0.0.1:{port}/health")).json())
    except httpx.TransportError:
        return {}


async def poll(read: Callable[[], Any], done: Callable[[Any], bool], timeout: float) -> Any:
    async with asyncio.timeout(timeout):
        while not done(value := await read()):
            await asyncio.sleep(0.25)
    return value


async def test_a_spoken_order_ends_interpreted_with_a_draft_from_the_menu(
    ai_system: System, speak: Callable[[str], Path]
) -> None:
    customer = ai_system.auth("alice", "customer")
    audio = speak(SPOKEN).read_bytes()
    async with (
        httpx.AsyncClient(base_url=ai_system.command_url, timeout=30) as commands,
        httpx.AsyncClient(base_url=ai_system.query_url, timeout=30) as queries,
    ):
        submitted = await commands.post(
            "/api/voice-orders",
            files={"audio": ("order.wav", audio, "audio/wav")},
            headers=customer,
        )
        assert submitted.status_code == 202, submitted.text
        path = f"/api/voice-orders/{submitted.json()['voice_order_id']}"

        async def read() -> dict[str, Any]:
            response = await queries.get(path, headers=customer)
            return response.json() if response.status_code == 200 else {}

        view = await poll(read, lambda v: v.get("status") in ("interpreted", "failed"), 240)
    assert view["status"] == "interpreted", (view, ai_system.log.read_text()[-3000:])
    on_menu = {entry.menu_item_id for entry in DEFAULT_MENU}
    items = view["draft"]["items"]
    assert items and {line["menu_item_id"] for line in items} <= on_menu
    assert 0.0 <= view["confidence"] <= 1.0
    assert "french" in view["transcript"].lower()


async def test_a_cake_design_ends_as_an_image_served_by_the_query_api(ai_system: System) -> None:
    customer = ai_system.auth("alice", "customer")
    async with (
        httpx.AsyncClient(base_url=ai_system.command_url, timeout=30) as commands,
        httpx.AsyncClient(base_url=ai_system.query_url, timeout=30) as queries,
    ):
        order = (await commands.post("/api/orders", json=order_body(), headers=customer)).json()
        path = f"/api/orders/{order['order_id']}"
        requested = await commands.post(
            f"{path}/cake-design", json={"prompt": "a red heart"}, headers=customer
        )
        assert requested.status_code == 202

        async def designs() -> list[dict[str, Any]]:
            response = await queries.get(path, headers=customer)
            return response.json().get("cake_designs", []) if response.status_code == 200 else []

        done = await poll(designs, lambda d: bool(d) and d[0]["status"] != "pending", 120)
        assert done[0]["status"] == "generated", (done, ai_system.log.read_text()[-3000:])
        image = await queries.get(done[0]["image_url"])
    assert image.status_code == 200
    assert image.content.startswith(b"\x89PNG")
