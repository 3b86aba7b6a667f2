"""Every error leaves the app as RFC 9457 problem+json."""

from __future__ import annotations

import logging

import pytest

from tests.integration.web_support import harness

PROBLEM = "application/problem+json"
BASE = "https://dinner.example/problems/"


@pytest.fixture
async def web():
    async with harness() as h:
        yield h


async def test_unknown_route_is_404_problem(web):
    response = await web.client.get("/no/such/route", headers={"X-Correlation-ID": "c-404"})
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json() == {
        "type": BASE + "not-found",
        "title": "Not Found",
        "status": 404,
        "instance": "/no/such/route",
        "correlation_id": "c-404",
    }


async def test_wrong_method_is_405_problem_with_allow(web):
    response = await web.client.delete("/whoami")
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["allow"] == "GET"
    assert response.json()["type"] == BASE + "method-not-allowed"


async def test_invalid_json_is_422_invalid_json(web):
    response = await web.client.post(
        "/orders",
        content=b'{"item": "steak", ',
        headers={**web.auth(), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == BASE + "invalid-json"
    assert [error["type"] for error in body["errors"]] == ["json_invalid"]
    assert web.calls["orders"] == 0


async def test_validation_error_lists_errors_without_echoing_input(web):
    huge = "x" * 1500
    response = await web.client.post(
        "/orders", json={"item": "steak", "quantity": huge}, headers=web.auth()
    )
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == BASE + "validation-error"
    assert body["errors"] == [
        {"loc": ["body", "quantity"], "msg": body["errors"][0]["msg"], "type": "int_parsing"}
    ]
    assert huge not in response.text and "input" not in body["errors"][0]


async def test_domain_problem_keeps_its_type_and_detail(web):
    response = await web.client.post("/refuse", headers=web.auth())
    assert response.status_code == 409
    assert response.json()["type"] == BASE + "invalid-transition"
    assert response.json()["detail"] == "Order is already cooking."


async def test_unexpected_error_is_500_problem_without_internals(web, caplog):
    with caplog.at_level(logging.ERROR, logger="api_common.problems"):
        response = await web.client.get("/boom", headers={"X-Correlation-ID": "c-500"})
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["x-correlation-id"] == "c-500"
    body = response.json()
    assert body["type"] == BASE + "internal-error" and body["correlation_id"] == "c-500"
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text and "RuntimeError" not in response.text
    logged = [r for r in caplog.records if r.name == "api_common.problems"]
    assert logged and logged[0].exc_info is not None
