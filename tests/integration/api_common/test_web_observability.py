"""Correlation ids, Prometheus metrics, /health and /ready."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from fastapi import APIRouter, FastAPI

from api_common.app import build_base_app
from api_common.problems import install_problem_handlers
from api_common.readiness import readiness_router, redis_ping
from dinner.settings import Settings
from tests.integration.web_support import client_for, harness, make_settings

PROBLEM = "application/problem+json"


@pytest.fixture
async def web():
    async with harness() as h:
        yield h


async def test_health_is_ok(web):
    response = await web.client.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_correlation_id_is_echoed_and_visible_to_the_handler(web):
    response = await web.client.get("/correlation", headers={"X-Correlation-ID": "order-42.a"})
    assert response.headers["x-correlation-id"] == "order-42.a"
    assert response.json() == {"state": "order-42.a", "context": "order-42.a"}


async def test_missing_or_unsafe_correlation_id_is_replaced(web):
    for headers in (
        {},
        {"X-Correlation-ID": "two words\r\nX-Evil: 1"},
        {"X-Correlation-ID": "x" * 200},
    ):
        response = await web.client.get("/correlation", headers=headers)
        generated = response.headers["x-correlation-id"]
        assert uuid.UUID(generated).version == 4
        assert response.json()["state"] == generated


async def test_error_responses_carry_the_correlation_id(web):
    response = await web.client.get("/nowhere", headers={"X-Correlation-ID": "c-1"})
    assert response.headers["x-correlation-id"] == "c-1"


async def test_metrics_count_requests_by_route_template(web):
    for item_id in (1, 2, 3):
        await web.client.get(f"/items/{item_id}")
    await web.client.get("/nowhere")
    response = await web.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'http_requests_total{method="GET",route="/items/{item_id}",status="200"} 3.0' in text
    assert 'http_requests_total{method="GET",route="<unmatched>",status="404"} 1.0' in text
    assert 'http_request_duration_seconds_count{method="GET",route="/items/{item_id}"' in text
    assert "/items/1" not in text


async def test_route_label_keeps_include_prefixes():
    app = build_base_app(make_settings(), title="nested")
    inner, outer = APIRouter(), APIRouter()

    @inner.get("/{order_id}/lines/{line}")
    async def line(order_id: int, line: str) -> dict[str, str]:
        return {"line": line}

    outer.include_router(inner, prefix="/orders")
    app.include_router(outer, prefix="/api")
    async with client_for(app) as client:
        assert (await client.get("/api/orders/7/lines/a")).status_code == 200
        text = (await client.get("/metrics")).text
    route = "/api/orders/{order_id}/lines/{line}"
    assert f'http_requests_total{{method="GET",route="{route}",status="200"}} 1.0' in text


async def test_unexpected_errors_are_counted_as_500(web):
    await web.client.get("/boom")
    text = (await web.client.get("/metrics")).text
    assert 'http_requests_total{method="GET",route="/boom",status="500"} 1.0' in text


async def test_apps_in_one_process_keep_separate_registries():
    first = build_base_app(make_settings(), title="one")
    second = build_base_app(make_settings(), title="two")
    async with client_for(first) as client:
        await client.get("/health")
        await client.get("/health")
    async with client_for(second) as client:
        text = (await client.get("/metrics")).text
    assert 'route="/health"' not in text


async def _never(app):
    await asyncio.sleep(10)


async def _broken(app):
    raise ConnectionError("down")


async def test_ready_is_200_when_every_check_passes(web):
    app = build_base_app(make_settings(), title="ready", ready_checks={"redis": redis_ping})
    app.state.redis = web.redis
    async with client_for(app) as client:
        response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"redis": "ok"}}


async def test_ready_is_503_problem_naming_the_failing_checks(web):
    checks = {"redis": redis_ping, "broker": _broken, "event_store": _never}
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(readiness_router(checks, timeout=0.2))
    app.state.redis = web.redis
    async with client_for(app) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["failing"] == ["broker", "event_store"]
    assert body["checks"] == {"redis": "ok", "broker": "failed", "event_store": "timeout"}


def test_production_app_refuses_the_local_secret():
    settings = Settings(environment="production")
    with pytest.raises(ValueError, match="JWT_SECRET"):
        build_base_app(settings, title="prod")
