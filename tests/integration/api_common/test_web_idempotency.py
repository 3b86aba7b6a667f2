"""Idempotency-Key on a real Redis: replay, mismatch, concurrency, release after failure."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from tests.integration.web_support import bearer, client_for, harness, make_app, make_settings

PROBLEM = "application/problem+json"
ORDER = {"item": "steak", "quantity": 2}


@pytest.fixture
async def web():
    async with harness() as h:
        yield h


def _headers(web, key, sub="user-1"):
    return {**web.auth(sub), "Idempotency-Key": key}


async def test_repeat_replays_the_first_response(web):
    first = await web.client.post("/orders", json=ORDER, headers=_headers(web, "k-1"))
    again = await web.client.post("/orders", json=ORDER, headers=_headers(web, "k-1"))
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert web.calls["orders"] == 1


async def test_record_lives_under_the_prefix_with_the_configured_ttl(web):
    await web.client.post("/orders", json=ORDER, headers=_headers(web, "k-ttl"))
    keys = [key async for key in web.redis.scan_iter(match=f"{web.settings.redis_prefix}*")]
    assert len(keys) == 1
    ttl = await web.redis.ttl(keys[0])
    assert web.settings.idempotency_ttl_seconds - 5 < ttl <= web.settings.idempotency_ttl_seconds


async def test_multipart_upload_runs_once_and_replays(web):
    audio = b"RIFF" + bytes(range(256)) * 20
    files = {"audio": ("order.wav", audio, "audio/wav")}
    first = await web.client.post("/upload-big/audio", files=files, headers=_headers(web, "k-up"))
    again = await web.client.post("/upload-big/audio", files=files, headers=_headers(web, "k-up"))
    assert first.status_code == again.status_code == 202
    assert first.json() == {"name": "order.wav", "size": len(audio), "run": 1}
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"


async def test_multipart_with_other_content_is_422(web):
    first = {"audio": ("order.wav", b"first recording", "audio/wav")}
    second = {"audio": ("order.wav", b"other recording", "audio/wav")}
    await web.client.post("/upload-big/audio", files=first, headers=_headers(web, "k-up2"))
    response = await web.client.post(
        "/upload-big/audio", files=second, headers=_headers(web, "k-up2")
    )
    assert response.status_code == 422 and web.calls["audio"] == 1


async def test_streamed_response_is_stored_whole(web):
    first = await web.client.post("/stream-out", headers=_headers(web, "k-stream"))
    again = await web.client.post("/stream-out", headers=_headers(web, "k-stream"))
    assert first.text == "chunk-0-run-1;chunk-1-run-1;chunk-2-run-1;"
    assert again.text == first.text and again.headers["idempotent-replayed"] == "true"
    assert again.headers["content-type"].startswith("text/plain")


async def test_same_key_different_body_is_422(web):
    await web.client.post("/orders", json=ORDER, headers=_headers(web, "k-2"))
    other = {"item": "wine", "quantity": 1}
    response = await web.client.post("/orders", json=other, headers=_headers(web, "k-2"))
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/idempotency-key-reused")
    assert web.calls["orders"] == 1


async def test_same_key_different_path_is_422(web):
    await web.client.post("/orders", json=ORDER, headers=_headers(web, "k-3"))
    response = await web.client.post("/echo-size", json=ORDER, headers=_headers(web, "k-3"))
    assert response.status_code == 422 and web.calls["echo-size"] == 0


async def test_two_users_never_share_a_key(web):
    first = await web.client.post("/orders", json=ORDER, headers=_headers(web, "k-4", "alice"))
    other = {"item": "wine", "quantity": 1}
    second = await web.client.post("/orders", json=other, headers=_headers(web, "k-4", "bob"))
    assert first.status_code == second.status_code == 201
    assert "idempotent-replayed" not in second.headers
    assert web.calls["orders"] == 2


async def test_concurrent_duplicate_runs_once(web):
    first = asyncio.create_task(web.client.post("/slow", headers=_headers(web, "k-5")))
    await asyncio.wait_for(web.gate.entered.wait(), 5)
    busy = await web.client.post("/slow", headers=_headers(web, "k-5"))
    assert busy.status_code == 409
    assert busy.headers["retry-after"] == "1"
    assert busy.json()["type"].endswith("/idempotency-request-in-progress")
    web.gate.release.set()
    done = await first
    replay = await web.client.post("/slow", headers=_headers(web, "k-5"))
    assert done.status_code == replay.status_code == 201
    assert replay.json() == done.json() == {"run": 1}
    assert web.calls["slow"] == 1


async def test_concurrent_burst_runs_once(web):
    web.gate.release.set()
    responses = await asyncio.gather(
        *(web.client.post("/orders", json=ORDER, headers=_headers(web, "k-6")) for _ in range(8))
    )
    assert web.calls["orders"] == 1
    assert {r.status_code for r in responses} <= {201, 409}
    assert (
        sum(r.status_code == 201 and "idempotent-replayed" not in r.headers for r in responses) == 1
    )


async def test_failure_releases_the_key_for_a_retry(web):
    failed = await web.client.post("/fail-once", headers=_headers(web, "k-7"))
    assert failed.status_code == 500
    retried = await web.client.post("/fail-once", headers=_headers(web, "k-7"))
    assert retried.status_code == 201 and "idempotent-replayed" not in retried.headers
    assert retried.json() == {"run": 2}


async def test_client_errors_are_stored_and_replayed(web):
    first = await web.client.post("/refuse", headers=_headers(web, "k-8"))
    again = await web.client.post("/refuse", headers=_headers(web, "k-8"))
    assert first.status_code == again.status_code == 409
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["content-type"] == PROBLEM
    assert again.json() == first.json()
    assert web.calls["refuse"] == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\tkey", "caf\u00e9"])
async def test_bad_keys_are_422(web, key):
    headers = {**web.auth(), "Idempotency-Key": key.encode("utf-8")}
    response = await web.client.post("/orders", json=ORDER, headers=headers)
    assert response.status_code == 422
    assert response.json()["type"].endswith("/invalid-idempotency-key")
    assert web.calls["orders"] == 0


async def test_longest_valid_key_is_accepted(web):
    response = await web.client.post("/orders", json=ORDER, headers=_headers(web, "~" * 255))
    assert response.status_code == 201


async def test_without_key_every_request_runs(web):
    for _ in range(2):
        assert (await web.client.post("/orders", json=ORDER, headers=web.auth())).status_code == 201
    assert web.calls["orders"] == 2


async def test_unauthenticated_request_with_key_is_401(web):
    response = await web.client.post("/orders", json=ORDER, headers={"Idempotency-Key": "k-9"})
    assert response.status_code == 401


async def test_redis_down_is_503_with_retry_after():
    settings = make_settings()
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)
    app, calls, _ = make_app(settings, unreachable)
    try:
        async with client_for(app) as client:
            headers = {**bearer(settings), "Idempotency-Key": "k-10"}
            response = await client.post("/orders", json=ORDER, headers=headers)
    finally:
        await unreachable.aclose()
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert int(response.headers["retry-after"]) > 0
    assert calls["orders"] == 0
