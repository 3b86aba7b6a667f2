"""Body size limit: declared lengths refused unread, streamed bodies cut off."""

from __future__ import annotations

import pytest

from tests.integration.web_support import BIG_LIMIT, SMALL_LIMIT, harness

PROBLEM = "application/problem+json"


@pytest.fixture
async def web():
    async with harness() as h:
        yield h


class Chunks:
    """A request body without Content-Length that records how much was pulled from it."""

    def __init__(self, count: int, size: int = 512) -> None:
        self.count, self.size, self.sent = count, size, 0

    async def __aiter__(self):
        for _ in range(self.count):
            self.sent += self.size
            yield b"a" * self.size


def _assert_413(response, limit):
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/content-too-large") and body["max_bytes"] == limit


async def test_body_within_limit_passes(web):
    response = await web.client.post("/echo-size", content=b"a" * SMALL_LIMIT)
    assert response.status_code == 200 and response.json() == {"size": SMALL_LIMIT}


async def test_big_content_length_is_413_without_reading(web):
    body = Chunks(4)
    headers = {"Content-Length": str(10 * 1024 * 1024)}
    response = await web.client.post("/echo-size", content=body, headers=headers)
    _assert_413(response, SMALL_LIMIT)
    assert body.sent == 0 and web.calls["echo-size"] == 0


async def test_chunked_body_over_limit_is_cut_off(web):
    body = Chunks(40)
    response = await web.client.post("/echo-size", content=body)
    _assert_413(response, SMALL_LIMIT)
    assert body.sent <= SMALL_LIMIT + 512


async def test_chunked_json_body_over_limit_is_413_on_a_route(web):
    response = await web.client.post(
        "/orders", content=Chunks(40), headers={**web.auth(), "Content-Type": "application/json"}
    )
    _assert_413(response, SMALL_LIMIT)
    assert web.calls["orders"] == 0


async def test_chunked_body_with_idempotency_key_is_413(web):
    headers = {**web.auth(), "Content-Type": "application/json", "Idempotency-Key": "big-1"}
    response = await web.client.post("/orders", content=Chunks(40), headers=headers)
    _assert_413(response, SMALL_LIMIT)
    assert [key async for key in web.redis.scan_iter(match=f"{web.settings.redis_prefix}*")] == []


async def test_path_override_allows_a_bigger_body(web):
    size = SMALL_LIMIT * 3
    response = await web.client.post("/upload-big/size", content=Chunks(size // 512))
    assert response.status_code == 200 and response.json() == {"size": size}
    refused = await web.client.post("/upload-big/size", content=b"a" * (BIG_LIMIT + 1))
    _assert_413(refused, BIG_LIMIT)
