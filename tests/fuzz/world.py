"""The apps under fuzzing, over a schema with a small but real history for the fuzzer to hit.

The apps are built at import, before their schema exists, because the fuzz tests are
collected from their OpenAPI documents; nothing connects until the first request starts an
app's lifespan. Orders in several states, a cake design, a voice order and the menu are then
made through the command API itself and projected, so a fuzzed request naming a known id
reaches the code behind a 200 and not only the 404 that a random id gets.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from fastapi import FastAPI
from schemathesis.python import asgi
from sqlalchemy.ext.asyncio import create_async_engine

from api_common.auth import Role, mint_token
from command_api.app import create_app as create_command_app
from dinner.migrate import READ_SIDE, sqlalchemy_url, upgrade
from dinner.settings import Settings
from eventstore.postgres import PostgresEventStore
from privacy.keys import open_key_store
from privacy.personal_data import EncryptedPersonalData
from projections.events import projected
from projections.projector import Projector
from query_api.app import create_app as create_query_app
from service_layer import CommandService
from service_layer.seeding import seed_menu
from tests.support.apps import ApiClient, delete_redis_prefix, running, test_settings
from tests.support.audio import wav_bytes
from tests.support.orders import order_body
from tests.support.services import PG_DSN, unique_name

# The subject each role's token names; the customer owns the seeded orders.
SUBJECTS: dict[Role, str] = {
    "customer": "customer-1",
    "staff": "staff-1",
    "admin": "admin-1",
    "auditor": "auditor-1",
}


@dataclass
class FuzzTarget:
    settings: Settings
    command_app: FastAPI
    query_app: FastAPI
    # Seeded values per path parameter name, mixed into valid cases.
    known: dict[str, list[str]] = field(default_factory=dict)

    def auth(self, role: Role) -> dict[str, str]:
        token = mint_token(self.settings, SUBJECTS[role], role)
        return {"Authorization": f"Bearer {token}"}


def fuzz_target() -> FuzzTarget:
    settings = test_settings(
        unique_name("fuzz"),
        media_dir=Path(tempfile.mkdtemp(prefix="dinner-fuzz-")),
        # The limit stays on, far above what the fuzzer sends, so its path is fuzzed too.
        rate_limit_commands=1_000_000,
    )
    return FuzzTarget(
        settings,
        create_command_app(settings),
        # A `min_position` nobody reaches waits this long; keep each such case short.
        create_query_app(settings, read_wait_seconds=0.2, recheck_seconds=0.1),
    )


async def _post(api: ApiClient, path: str, role: Role, **kwargs: Any) -> dict[str, Any]:
    response = await api.http.post(path, headers=api.auth(SUBJECTS[role], role), **kwargs)
    assert response.status_code < 300, response.text
    return dict(response.json())


async def _seed_orders(api: ApiClient) -> tuple[list[str], list[str]]:
    """Orders placed, paid, cooking, delivered and cancelled; a cake design; a voice order."""
    orders = [await _post(api, "/api/orders", "customer", json=order_body()) for _ in range(5)]
    ids = [str(order["order_id"]) for order in orders]
    for order in orders[1:4]:
        payment = {"payment_ref": "card-1", "amount": order["total"]}
        await _post(api, f"/api/orders/{order['order_id']}/pay", "customer", json=payment)
    for step in ("confirm", "start-cooking"):
        for order_id in ids[2:4]:
            await _post(api, f"/api/orders/{order_id}/{step}", "staff")
    await _post(api, f"/api/orders/{ids[3]}/ready", "staff")
    await _post(api, f"/api/orders/{ids[3]}/dispatch", "staff", json={"courier": "kim"})
    await _post(api, f"/api/orders/{ids[3]}/deliver", "staff")
    await _post(api, f"/api/orders/{ids[4]}/cancel", "customer", json={"reason": "changed plans"})
    design = {"prompt": "a red heart with gold letters"}
    await _post(api, f"/api/orders/{ids[1]}/cake-design", "customer", json=design)
    files = {"audio": ("order.wav", wav_bytes(), "audio/wav")}
    voice = await _post(api, "/api/voice-orders", "customer", files=files)
    return ids, [str(voice["voice_order_id"])]


async def _project(settings: Settings, store: PostgresEventStore) -> None:
    engine = create_async_engine(sqlalchemy_url(settings.database_url), pool_size=2)
    keys = await open_key_store(settings)
    try:
        projector = Projector(
            engine.execution_options(schema_translate_map={None: settings.database_schema}),
            store,
            schema=settings.database_schema,
            personal=EncryptedPersonalData(keys),
        )
        await projector.apply([projected(e) for e in await store.read_all(limit=100_000)])
    finally:
        await keys.close()
        await engine.dispose()


async def _seed(target: FuzzTarget, store: PostgresEventStore) -> None:
    settings = target.settings
    await seed_menu(CommandService(store), datetime.now(UTC))
    # An app of its own, so the fuzzed apps start their lifespans afresh.
    async with running(create_command_app(settings), settings) as api:
        order_ids, voice_ids = await _seed_orders(api)
    await _project(settings, store)
    target.known = {
        "order_id": order_ids,
        "voice_order_id": voice_ids,
        "stream_id": ["menu", *(f"order-{i}" for i in order_ids), f"voice-{voice_ids[0]}"],
        "menu_item_id": ["french_dinner", "cake", "steak"],
        "customer_id": [SUBJECTS["customer"], "customer-2"],
    }


@asynccontextmanager
async def seeded(target: FuzzTarget, pool: asyncpg.Pool) -> AsyncIterator[None]:
    """The target's schema, migrated and seeded; dropped with everything else afterwards."""
    settings = target.settings
    schema = settings.database_schema
    await pool.execute(f'CREATE SCHEMA "{schema}"')
    try:
        store = PostgresEventStore(pool, schema=schema)
        await store.create_schema()
        await upgrade(READ_SIDE, PG_DSN, schema)
        await _seed(target, store)
        yield
    finally:
        # Schemathesis runs each app's lifespan on an event loop of its own, once per process.
        asgi.shutdown_lifespans()
        await delete_redis_prefix(settings.redis_url, settings.redis_prefix)
        for name in (schema, f"{schema}_rebuild", f"{schema}_retired"):
            await pool.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        shutil.rmtree(settings.media_dir, ignore_errors=True)
