"""Admins and users against the running APIs: accounts made, roles changed, users disabled and
enabled, the users list, and never the last enabled admin, not even under concurrency."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from domain.errors import InvalidTransition
from schemas.envelope import Actor
from service_layer.accounts import Accounts, Origin
from tests.integration.accounts.people import (
    PASSWORD,
    SignedIn,
    made_by_admin,
    new_email,
    problem_type,
    sign_in,
    signed_in,
    signed_up_and_in,
)
from tests.support.audited import Deployment

ROOT = ("root", "admin")  # a service account's token: no registered user


async def post(deployed: Deployment, path: str, headers: dict[str, str], body=None):
    return await deployed.command.http.post(path, json=body, headers=headers)


async def test_an_admin_makes_staff_admin_and_auditor_accounts(deployed: Deployment) -> None:
    admin = deployed.command.auth(*ROOT)
    for role in ("staff", "admin", "auditor"):
        email = new_email(role)
        body = {"email": email, "password": PASSWORD, "name": role.title(), "role": role}
        response = await post(deployed, "/api/users", admin, body)
        assert response.status_code == 201, response.text
        made = response.json()
        assert made["role"] == role and made["email"] == email and made["disabled"] is False
        assert made["revision"] == 0 and made["position"] > 0
        signed = await signed_in(deployed.command, email)
        assert signed.body["user"]["role"] == role


async def test_a_role_change_takes_effect_on_the_next_refresh(deployed: Deployment) -> None:
    staff = await made_by_admin(deployed, "staff")
    kitchen = await deployed.query.http.get("/api/kitchen/queue", headers=staff.bearer)
    assert kitchen.status_code == 200
    changed = await post(
        deployed,
        f"/api/users/{staff.user_id}/role",
        deployed.command.auth(*ROOT),
        {"role": "auditor"},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["role"] == "auditor" and changed.json()["revision"] == 1
    stale = await deployed.query.http.get("/api/kitchen/queue", headers=staff.bearer)
    assert stale.status_code == 401
    assert stale.json()["detail"] == "The token's role is no longer the account's."
    refreshed = await deployed.command.http.post("/api/auth/refresh", headers=staff.cookie())
    assert refreshed.json()["user"]["role"] == "auditor"
    token = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
    assert (await deployed.query.http.get("/api/audit/events", headers=token)).status_code == 200


async def test_a_disabled_user_cannot_sign_in_refresh_or_use_a_token(deployed: Deployment) -> None:
    user = await signed_up_and_in(deployed.command)
    admin = deployed.command.auth(*ROOT)
    disabled = await post(deployed, f"/api/users/{user.user_id}/disable", admin)
    assert disabled.status_code == 200 and disabled.json()["disabled"] is True
    again = await post(deployed, f"/api/users/{user.user_id}/disable", admin)
    assert again.status_code == 200 and again.json()["revision"] == disabled.json()["revision"]
    used = await deployed.query.http.get("/api/orders", headers=user.bearer)
    assert used.status_code == 401 and used.json()["detail"] == "The account is disabled."
    assert (await sign_in(deployed.command, user.email)).status_code == 401
    refreshed = await deployed.command.http.post("/api/auth/refresh", headers=user.cookie())
    assert refreshed.status_code == 401
    enabled = await post(deployed, f"/api/users/{user.user_id}/enable", admin)
    assert enabled.status_code == 200 and enabled.json()["disabled"] is False
    assert (await sign_in(deployed.command, user.email)).status_code == 200


async def test_changes_to_an_unknown_user_are_404(deployed: Deployment) -> None:
    admin = deployed.command.auth(*ROOT)
    for action in ("disable", "enable"):
        response = await post(deployed, f"/api/users/{uuid.uuid4()}/{action}", admin)
        assert response.status_code == 404 and problem_type(response) == "user_not_found"
    bad = await post(deployed, "/api/users/not-a-uuid/role", admin, {"role": "staff"})
    assert bad.status_code == 422


async def _admins(deployed: Deployment, count: int) -> list[SignedIn]:
    return [await made_by_admin(deployed, "admin") for _ in range(count)]


async def test_the_last_enabled_admin_cannot_be_demoted_or_disabled(deployed: Deployment) -> None:
    (only,) = await _admins(deployed, 1)
    demoted = await post(
        deployed, f"/api/users/{only.user_id}/role", only.bearer, {"role": "staff"}
    )
    assert demoted.status_code == 409 and problem_type(demoted) == "last_admin"
    disabled = await post(deployed, f"/api/users/{only.user_id}/disable", only.bearer)
    assert disabled.status_code == 409 and problem_type(disabled) == "last_admin"
    (second,) = await _admins(deployed, 1)
    moved = await post(
        deployed, f"/api/users/{only.user_id}/role", second.bearer, {"role": "staff"}
    )
    assert moved.status_code == 200, moved.text
    alone = await post(deployed, f"/api/users/{second.user_id}/disable", second.bearer)
    assert alone.status_code == 409


async def test_a_candidate_left_by_a_crash_is_not_counted(deployed: Deployment) -> None:
    (only,) = await _admins(deployed, 1)
    customer = await signed_up_and_in(deployed.command)
    # A role change to admin killed after naming its candidate and before its append.
    await deployed.store.pool.execute(
        f'INSERT INTO "{deployed.schema}".admin_candidates VALUES ($1)', uuid.UUID(customer.user_id)
    )
    demoted = await post(
        deployed, f"/api/users/{only.user_id}/role", only.bearer, {"role": "staff"}
    )
    assert demoted.status_code == 409
    left = await deployed.store.pool.fetch(
        f'SELECT user_id FROM "{deployed.schema}".admin_candidates'
    )
    assert [str(row["user_id"]) for row in left] == [only.user_id]


async def test_two_admins_demoting_each_other_at_once_leave_one(deployed: Deployment) -> None:
    for _ in range(3):
        first, second = await _admins(deployed, 2)
        # Everyone else steps down first, so these two are the only enabled admins.
        await _only_these_admins(deployed, {first.user_id, second.user_id}, first)
        answers = await asyncio.gather(
            post(deployed, f"/api/users/{second.user_id}/role", first.bearer, {"role": "staff"}),
            post(deployed, f"/api/users/{first.user_id}/role", second.bearer, {"role": "staff"}),
        )
        # The loser is refused by the rule (409), or, when the winner's change was told to
        # the token checks first, because its own admin token is no longer an admin's (401).
        statuses = sorted(r.status_code for r in answers)
        assert statuses in ([200, 401], [200, 409]), [r.text for r in answers]
        await deployed.project()
        listed = await deployed.query.http.get(
            "/api/users?role=admin&limit=100", headers=deployed.query.auth(*ROOT)
        )
        survivors = {u["user_id"] for u in listed.json()["items"] if not u["disabled"]}
        assert len(survivors & {first.user_id, second.user_id}) == 1


async def test_concurrent_demotions_through_the_service_keep_one_admin(
    deployed: Deployment,
) -> None:
    accounts: Accounts = deployed.command.app.state.accounts
    first, second = await _admins(deployed, 2)
    await _only_these_admins(deployed, {first.user_id, second.user_id}, first)
    a, b = uuid.UUID(first.user_id), uuid.UUID(second.user_id)
    origin = Origin(correlation_id="test", actor=Actor(user_id="root", role="admin"))
    at = datetime.now(UTC)
    outcomes = await asyncio.gather(
        accounts.change_role(a, "staff", at, origin),
        accounts.change_role(b, "staff", at, origin),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, InvalidTransition)]
    assert len(refused) == 1 and refused[0].code == "last_admin", outcomes
    states = [(await accounts.user(user)) for user in (a, b)]
    assert sum(account.state.enabled_admin for account in states if account) == 1


async def _only_these_admins(deployed: Deployment, keep: set[str], by: SignedIn) -> None:
    await deployed.project()
    listed = await deployed.query.http.get(
        "/api/users?role=admin&limit=100", headers=deployed.query.auth(*ROOT)
    )
    for user in listed.json()["items"]:
        if user["user_id"] not in keep and not user["disabled"]:
            path = f"/api/users/{user['user_id']}/disable"
            assert (await post(deployed, path, by.bearer)).status_code == 200


async def test_admins_list_users_a_page_at_a_time(deployed: Deployment) -> None:
    admin = deployed.command.auth(*ROOT)
    made = []
    for n in range(5):
        role = "staff" if n % 2 else "customer"
        body = {
            "email": new_email(f"page{n}"),
            "password": PASSWORD,
            "name": f"Page {n}",
            "role": role,
        }
        made.append((await post(deployed, "/api/users", admin, body)).json())
    await deployed.project()
    reader = deployed.query.auth(*ROOT)
    seen, cursor = [], None
    while True:
        query = "/api/users?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = (await deployed.query.http.get(query, headers=reader)).json()
        assert len(page["items"]) <= 2
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [u["user_id"] for u in seen] == [m["user_id"] for m in reversed(made)]
    assert set(seen[0]) == {
        "user_id",
        "email",
        "name",
        "phone",
        "role",
        "disabled",
        "registered_at",
        "updated_at",
    }
    staff = (await deployed.query.http.get("/api/users?role=staff", headers=reader)).json()
    assert {u["role"] for u in staff["items"]} == {"staff"} and len(staff["items"]) == 2
    found = (await deployed.query.http.get("/api/users?q=PAGE 3", headers=reader)).json()
    assert [u["name"] for u in found["items"]] == ["Page 3"]
    tampered = await deployed.query.http.get("/api/users?cursor=abc", headers=reader)
    assert tampered.status_code == 422
