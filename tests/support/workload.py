"""A random but valid-looking stream of order commands, run through the real command handler.

Commands the domain refuses (a payment before placing, cooking a cancelled order…) are part
of the mix on purpose; they append nothing.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from domain import ORDER
from domain.errors import DomainError
from eventstore.port import EventStore
from schemas.commands import order as c
from schemas.envelope import Actor, EventMetadata
from schemas.streams import StreamId
from schemas.values import Delivery, RequestedLine
from service_layer import CommandContext, CommandService
from service_layer.menu_catalogue import MenuCatalogue

STAFF = Actor(user_id="staff-1", role="staff")
ITEMS = ["valentine_dinner", "french_dinner", "english_dinner", "steak", "wine", "cake", "coffee"]


def lines(rng: random.Random) -> tuple[RequestedLine, ...]:
    chosen = rng.sample(ITEMS, rng.randint(1, 3))
    return tuple(RequestedLine(menu_item_id=i, quantity=rng.randint(1, 3)) for i in chosen)


async def run_workload(store: EventStore, commands: int, seed: int = 7) -> list[uuid.UUID]:
    rng = random.Random(seed)
    handler = CommandService(store)
    menu = handler.menu
    orders: list[tuple[uuid.UUID, str]] = []
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    for n in range(commands):
        now += timedelta(seconds=rng.randint(1, 600))
        if not orders or rng.random() < 0.25:
            order_id, customer = uuid.uuid4(), f"customer-{rng.randint(1, 20)}"
            orders.append((order_id, customer))
            command: Any = c.PlaceOrder(
                order_id=order_id,
                customer_id=customer,
                lines=lines(rng),
                delivery=Delivery(address=f"{n} Main St", requested_for=now + timedelta(days=1)),
                menu=await menu.current(),
                at=now,
            )
            actor = Actor(user_id=customer, role="customer")
        else:
            order_id, customer = rng.choice(orders)
            command, actor = await _next_command(rng, order_id, customer, now, handler, menu)
        metadata = EventMetadata(correlation_id=f"load-{n}", actor=actor)
        try:
            await handler.handle(command, CommandContext(metadata))
        except DomainError:
            pass
    return [order_id for order_id, _ in orders]


async def _next_command(
    rng: random.Random,
    order_id: uuid.UUID,
    customer: str,
    now: datetime,
    handler: CommandService,
    menu: MenuCatalogue,
) -> tuple[Any, Actor]:
    customer_actor = Actor(user_id=customer, role="customer")
    state, _ = await handler.load(ORDER, StreamId.order(order_id))
    by_customer = {"actor_id": customer, "actor_role": "customer", "at": now}
    choice = rng.random()
    if choice < 0.08:
        return c.ChangeOrderItems(
            order_id=order_id, lines=lines(rng), menu=await menu.current(), **by_customer
        ), customer_actor
    if choice < 0.22:
        return c.PayOrder(
            order_id=order_id, payment_ref=f"p-{rng.random()}", amount=state.total, **by_customer
        ), customer_actor
    if choice < 0.30:
        return c.CancelOrder(order_id=order_id, reason="changed plans", **by_customer), (
            customer_actor
        )
    if choice < 0.34:
        return c.RejectOrder(order_id=order_id, reason="full", actor_role="staff", at=now), STAFF
    if choice < 0.38:
        return c.RequestCakeDesign(
            order_id=order_id, request_id=uuid.uuid4(), prompt="a red heart", **by_customer
        ), customer_actor
    step = rng.choice([c.ConfirmOrder, c.StartCooking, c.MarkOrderReady, c.DeliverOrder])
    if rng.random() < 0.2:
        return c.DispatchOrder(order_id=order_id, courier="kim", at=now), STAFF
    return step(order_id=order_id, at=now), STAFF
