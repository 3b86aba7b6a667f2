"""Many concurrent HTTP clients driving realistic order lifecycles through the command API.

Every command carries an `Idempotency-Key` (and the same key as its correlation id, so the
event store shows which command each event came from). A 503, a 409 "request in progress",
a 429, a dropped connection or a client timeout is retried with the same key, after the
`Retry-After` the server asked for; any other answer is final.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from api_common.auth import mint_token
from dinner.settings import Settings
from schemas.vocabulary import UserRole

PROBLEM_JSON = "application/problem+json"
IN_PROGRESS = "idempotency-request-in-progress"
# Longer than the idempotency reservation (60 s), which a killed command API leaves behind.
COMMAND_DEADLINE = 150.0
REQUEST_TIMEOUT = 15.0
DISHES = ["valentine_dinner", "french_dinner", "english_dinner", "champagne_feast_dinner"]
STYLES = ["simple", "grand", "deluxe"]
EXTRAS = ["steak", "salad", "wine", "coffee", "baguette", "cake"]
CUSTOMERS = 200


@dataclass(frozen=True)
class AcceptedCommand:
    key: str
    order_id: uuid.UUID
    event_type: str
    revision: int
    position: int


@dataclass
class WorkloadTally:
    commands: int = 0
    attempts: int = 0
    accepted: int = 0
    replayed: int = 0
    unavailable: int = 0
    unavailable_malformed: int = 0
    in_progress_retries: int = 0
    rate_limited: int = 0
    other_4xx: Counter[str] = field(default_factory=Counter)
    # 4xx for commands the order could take: a sign the API lost or misread its state.
    unexpected_4xx: int = 0
    server_errors: Counter[str] = field(default_factory=Counter)
    transport_errors: int = 0
    timeouts: int = 0
    hangs: int = 0
    accepted_commands: list[AcceptedCommand] = field(default_factory=list)
    # What the clients were told each order's status is, from the last accepted command.
    told_status: dict[uuid.UUID, str] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)

    def sample(self, text: str) -> None:
        if len(self.samples) < 20:
            self.samples.append(text)


@dataclass(frozen=True)
class Command:
    method: str
    path: str
    role: UserRole
    subject: str
    event_type: str
    body: dict[str, Any] | None = None
    # Sent out of order on purpose: the API must refuse it (409) and append nothing.
    refused_by_design: bool = False


class Budget:
    def __init__(self, commands: int) -> None:
        self.remaining = commands

    def take(self) -> bool:
        if self.remaining <= 0:
            return False
        self.remaining -= 1
        return True


class Tokens:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._cache: dict[tuple[str, UserRole], str] = {}

    def header(self, subject: str, role: UserRole) -> str:
        token = self._cache.get((subject, role))
        if token is None:
            token = mint_token(self._settings, subject, role, ttl_seconds=24 * 3600)
            self._cache[(subject, role)] = token
        return f"Bearer {token}"


class Workload:
    def __init__(
        self, base_url: str, settings: Settings, commands: int, clients: int, seed: int
    ) -> None:
        self._base_url = base_url
        self._tokens = Tokens(settings)
        self._budget = Budget(commands)
        self._clients = clients
        self._rng = random.Random(seed)
        self.tally = WorkloadTally()

    async def run(self) -> WorkloadTally:
        limits = httpx.Limits(
            max_connections=self._clients, max_keepalive_connections=self._clients
        )
        async with httpx.AsyncClient(
            base_url=self._base_url, timeout=REQUEST_TIMEOUT, limits=limits
        ) as client:
            await asyncio.gather(
                *(
                    self._client(client, random.Random(self._rng.random()))
                    for _ in range(self._clients)
                )
            )
        return self.tally

    async def _client(self, client: httpx.AsyncClient, rng: random.Random) -> None:
        while self._budget.remaining > 0:
            await self._lifecycle(client, rng)

    async def _lifecycle(self, client: httpx.AsyncClient, rng: random.Random) -> None:
        """place → (change items) → pay → confirm → cook → ready → dispatch → deliver, with
        cancels and rejects along the way and now and then a command the order cannot take."""
        customer = f"customer-{rng.randrange(CUSTOMERS)}"
        placed = await self._send(client, rng, _place(customer, rng))
        if placed is None:
            return
        order = placed["order_id"]
        total = placed["total"]
        if rng.random() < 0.1:
            changed = await self._send(client, rng, _change_items(order, customer, rng))
            total = changed["total"] if changed else total
        if rng.random() < 0.03:
            await self._send(client, rng, _out_of_order(order))
        if rng.random() < 0.08:
            await self._send(client, rng, _cancel(order, customer, "customer"))
            return
        steps: list[Command] = [
            Command(
                "POST",
                f"/api/orders/{order}/pay",
                "customer",
                customer,
                "OrderPaid",
                {"payment_ref": f"pay-{uuid.uuid4().hex[:12]}", "amount": total},
            ),
        ]
        if rng.random() < 0.05:
            steps.append(_staff(order, "reject", "OrderRejected", {"reason": "kitchen full"}))
        else:
            steps.append(_staff(order, "confirm", "OrderConfirmed"))
            if rng.random() < 0.05:
                steps.append(_cancel(order, customer, "customer"))
            else:
                steps.append(_staff(order, "start-cooking", "CookingStarted"))
                steps.append(_staff(order, "ready", "OrderReady"))
                if rng.random() < 0.04:
                    steps.append(_cancel(order, "kitchen-staff", "staff"))
                else:
                    steps.append(_staff(order, "dispatch", "OrderDispatched", {"courier": "kim"}))
                    steps.append(_staff(order, "deliver", "OrderDelivered"))
        for step in steps:
            if await self._send(client, rng, step) is None:
                return

    async def _send(
        self, client: httpx.AsyncClient, rng: random.Random, command: Command
    ) -> dict[str, Any] | None:
        """The accepted response's body; None when refused, or when the budget is spent."""
        if not self._budget.take():
            return None
        tally = self.tally
        tally.commands += 1
        key = f"chaos-{uuid.uuid4().hex}"
        headers = {
            "Authorization": self._tokens.header(command.subject, command.role),
            "Idempotency-Key": key,
            "X-Correlation-ID": key,
        }
        loop = asyncio.get_running_loop()
        deadline = loop.time() + COMMAND_DEADLINE
        backoff = 0.1
        while loop.time() < deadline:
            tally.attempts += 1
            try:
                response = await client.request(
                    command.method, command.path, json=command.body, headers=headers
                )
            except httpx.TimeoutException:
                tally.timeouts += 1
            except httpx.TransportError:
                tally.transport_errors += 1
            else:
                wait = self._retry_after(response, command)
                if wait is None:
                    return self._settled(response, command, key)
                await asyncio.sleep(wait)
                continue
            await asyncio.sleep(backoff * (0.5 + rng.random()))
            backoff = min(backoff * 2, 2.0)
        tally.hangs += 1
        tally.sample(f"gave up on {command.method} {command.path} after {COMMAND_DEADLINE:.0f} s")
        return None

    def _retry_after(self, response: httpx.Response, command: Command) -> float | None:
        """Seconds to wait before sending the command again, or None if the answer is final."""
        tally, status = self.tally, response.status_code
        if status == 503:
            tally.unavailable += 1
            retry_after = _seconds(response.headers.get("retry-after"))
            is_problem = response.headers.get("content-type", "").startswith(PROBLEM_JSON)
            if retry_after is None or not is_problem:
                tally.unavailable_malformed += 1
                tally.sample(f"503 without problem+json/Retry-After: {dict(response.headers)}")
            return retry_after if retry_after is not None else 1.0
        if status == 429:
            tally.rate_limited += 1
            return _seconds(response.headers.get("retry-after")) or 1.0
        if status == 409 and _problem_code(response) == IN_PROGRESS:
            tally.in_progress_retries += 1
            return _seconds(response.headers.get("retry-after")) or 1.0
        if status >= 500:
            tally.server_errors[f"{status} {command.method} {_route(command.path)}"] += 1
            tally.sample(f"{status} on {command.method} {command.path}: {response.text[:300]}")
            return 1.0  # still retried: the command must not be left in doubt
        return None

    def _settled(
        self, response: httpx.Response, command: Command, key: str
    ) -> dict[str, Any] | None:
        tally = self.tally
        if response.status_code >= 300:
            code = _problem_code(response) or str(response.status_code)
            tally.other_4xx[f"{response.status_code} {code}"] += 1
            if not command.refused_by_design:
                tally.unexpected_4xx += 1
                tally.sample(
                    f"{response.status_code} on {command.method} {command.path}: "
                    f"{response.text[:300]}"
                )
            return None
        body: dict[str, Any] = response.json()
        tally.accepted += 1
        if response.headers.get("idempotent-replayed") == "true":
            tally.replayed += 1
        order_id = uuid.UUID(body["order_id"])
        tally.accepted_commands.append(
            AcceptedCommand(key, order_id, command.event_type, body["revision"], body["position"])
        )
        tally.told_status[order_id] = body["status"]
        return body


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    with contextlib.suppress(ValueError):
        return max(0.0, float(value))
    return None


def _problem_code(response: httpx.Response) -> str | None:
    if not response.headers.get("content-type", "").startswith(PROBLEM_JSON):
        return None
    with contextlib.suppress(ValueError):
        problem = response.json()
        if isinstance(problem, dict):
            return str(problem.get("type", "")).rsplit("/", 1)[-1] or None
    return None


def _route(path: str) -> str:
    parts = path.split("/")
    return "/".join("{id}" if len(p) == 36 else p for p in parts)


def _lines(rng: random.Random) -> list[dict[str, Any]]:
    name = rng.choice(DISHES)
    styles = STYLES[1:] if name == "champagne_feast_dinner" else STYLES  # not served simple
    dish = {
        "menu_item_id": name,
        "quantity": rng.randint(1, 3),
        "serving_style": rng.choice(styles),
    }
    lines: list[dict[str, Any]] = [dish]
    for extra in rng.sample(EXTRAS, rng.randint(0, 2)):
        lines.append({"menu_item_id": extra, "quantity": rng.randint(1, 2)})
    return lines


def _place(customer: str, rng: random.Random) -> Command:
    when = datetime.now(UTC) + timedelta(days=1, minutes=rng.randrange(0, 600))
    body = {
        "items": _lines(rng),
        "delivery": {
            "address": f"{rng.randrange(1, 999)} Sejong-daero",
            "requested_for": when.isoformat(),
        },
    }
    return Command("POST", "/api/orders", "customer", customer, "OrderPlaced", body)


def _change_items(order: str, customer: str, rng: random.Random) -> Command:
    return Command(
        "PUT",
        f"/api/orders/{order}/items",
        "customer",
        customer,
        "OrderItemsChanged",
        {"items": _lines(rng)},
    )


def _cancel(order: str, subject: str, role: UserRole) -> Command:
    return Command(
        "POST",
        f"/api/orders/{order}/cancel",
        role,
        subject,
        "OrderCancelled",
        {"reason": "changed plans"},
    )


def _out_of_order(order: str) -> Command:
    return Command(
        "POST",
        f"/api/orders/{order}/deliver",
        "staff",
        "kitchen-staff",
        "OrderDelivered",
        refused_by_design=True,
    )


def _staff(order: str, action: str, event_type: str, body: dict[str, Any] | None = None) -> Command:
    return Command(
        "POST", f"/api/orders/{order}/{action}", "staff", "kitchen-staff", event_type, body
    )
