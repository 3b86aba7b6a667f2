"""Time travel: an order as of a revision or a moment is what the live system showed then.

A scripted lifecycle runs through the command API; after each step the projector catches up
and the query API's view of the order is recorded. Afterwards, `as-of?revision=` and
`as-of?time=` must rebuild each recorded state, field for field.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.support.audited import Deployment
from tests.support.orders import FRENCH_FOR_TWO, pay, place, staff_step

SHARED = ("status", "total", "items", "paid_amount", "payment_ref", "revision", "position")


async def view_of(deployed: Deployment, order_id: str) -> dict[str, Any]:
    await deployed.project()
    response = await deployed.query.http.get(
        f"/api/orders/{order_id}", headers=deployed.query.auth("sam", "staff")
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def as_of(deployed: Deployment, order_id: str, **params: Any) -> Any:
    return await deployed.query.http.get(
        f"/api/audit/orders/{order_id}/as-of",
        params=params,
        headers=deployed.query.auth("ada", "auditor"),
    )


async def change_items(deployed: Deployment, order_id: str) -> dict[str, Any]:
    response = await deployed.command.http.put(
        f"/api/orders/{order_id}/items",
        json={"items": [*FRENCH_FOR_TWO, {"menu_item_id": "wine", "quantity": 1}]},
        headers=deployed.command.auth("alice", "customer"),
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_as_of_equals_what_the_live_system_showed_after_each_step(
    deployed: Deployment,
) -> None:
    order = await place(deployed.command, note="ring twice")
    order_id = order["order_id"]
    steps: list[tuple[dict[str, Any], dict[str, Any], datetime]] = []

    async def record(response: dict[str, Any]) -> None:
        steps.append((response, await view_of(deployed, order_id), deployed.clock.given[-1]))

    await record(order)
    await record(await change_items(deployed, order_id))
    await record(await pay(deployed.command, {**order, "total": steps[-1][0]["total"]}))
    for step, body in (
        ("confirm", {}),
        ("start-cooking", {}),
        ("ready", {}),
        ("dispatch", {"courier": "kim"}),
        ("deliver", {}),
    ):
        await record(await staff_step(deployed.command, order_id, step, **body))

    assert [view["status"] for _, view, _ in steps] == [
        "placed",
        "placed",
        "paid",
        "confirmed",
        "cooking",
        "ready",
        "dispatched",
        "delivered",
    ]
    for response, view, at in steps:
        by_revision = await as_of(deployed, order_id, revision=response["revision"])
        # Half a minute after the step: the next one is a minute later.
        by_time = await as_of(deployed, order_id, time=(at + timedelta(seconds=30)).isoformat())
        for shown in (by_revision, by_time):
            assert shown.status_code == 200, shown.text
            state = shown.json()
            assert {k: state[k] for k in SHARED} == {k: view[k] for k in SHARED}
            assert {k: state[k] for k in ("status", "total", "revision", "position")} == {
                k: response[k] for k in ("status", "total", "revision", "position")
            }
            assert state["delivery"]["address"] == view["delivery"]["address"]
            assert datetime.fromisoformat(state["delivery"]["requested_for"]) == (
                datetime.fromisoformat(view["delivery"]["requested_for"])
            )
            assert state["customer_id"] == view["customer_id"] == "alice"
            assert datetime.fromisoformat(state["recorded_at"]) == at


async def test_as_of_the_exact_time_of_an_event_includes_it(deployed: Deployment) -> None:
    order = await place(deployed.command)
    placed_at = deployed.clock.given[-1]
    await pay(deployed.command, order)
    at_placing = await as_of(deployed, order["order_id"], time=placed_at.isoformat())
    assert at_placing.json()["status"] == "placed"
    before = await as_of(
        deployed, order["order_id"], time=(placed_at - timedelta(seconds=1)).isoformat()
    )
    assert before.status_code == 404


@pytest.mark.parametrize(
    "params",
    [{}, {"revision": 0, "time": "2026-06-01T12:00:00Z"}],
    ids=["neither", "both"],
)
async def test_exactly_one_point_in_time_is_required(
    deployed: Deployment, params: dict[str, Any]
) -> None:
    order = await place(deployed.command)
    response = await as_of(deployed, order["order_id"], **params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_no_such_point_is_404(deployed: Deployment) -> None:
    order = await place(deployed.command)
    assert (await as_of(deployed, order["order_id"], revision=5)).status_code == 404
    unknown = "00000000-0000-4000-8000-000000000000"
    assert (await as_of(deployed, unknown, revision=0)).status_code == 404
    naive = await as_of(deployed, order["order_id"], time="2026-06-01T12:00:00")
    assert naive.status_code == 422  # a moment without an offset is ambiguous


@pytest.mark.parametrize(
    ("role", "status"), [("auditor", 200), ("admin", 200), ("staff", 403), ("customer", 403)]
)
async def test_only_auditors_and_admins_may_travel(
    deployed: Deployment, role: Any, status: int
) -> None:
    order = await place(deployed.command)
    for path in (
        f"/api/audit/orders/{order['order_id']}/as-of?revision=0",
        f"/api/audit/streams/order-{order['order_id']}",
        "/api/audit/events",
        "/api/audit/verify",
    ):
        response = await deployed.query.http.get(path, headers=deployed.query.auth("x", role))
        assert response.status_code == status, path
