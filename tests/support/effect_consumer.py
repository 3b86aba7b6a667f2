"""A consumer process with an effect in PostgreSQL, for the crash tests.

`python -m tests.support.effect_consumer` runs the production runtime (consumers/process.py)
on the `projections` queue; its handler inserts one row per event into `effects`, through
the processed-message record. The table has no unique key, so a doubled effect would show.
The runtime decodes every event before its handler runs, so the events are real ones
(`effect_events`): an order confirmed, again and again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from consumers.envelope import Envelope
from consumers.idempotency import ProcessedMessages
from consumers.modes import OneAtATime
from consumers.process import Subscription, consume_until_stopped
from consumers.registry import HandlerRegistry
from dinner.faults import FaultPoints
from dinner.settings import Settings
from eventstore.postgres import create_pool
from schemas.envelope import NewEvent
from schemas.events import OrderConfirmed
from tests.support.events import new_event

EVENT_TYPE = OrderConfirmed.event_type


def effect_events(count: int) -> list[NewEvent]:
    return [new_event(EVENT_TYPE, {"at": datetime.now(UTC).isoformat()}) for _ in range(count)]


def effects_table(schema: str) -> str:
    return f'"{schema}".effects'


async def main() -> None:
    settings = Settings()
    faults = FaultPoints.from_environment()
    pool = await create_pool(settings.database_url, max_size=4)
    table = effects_table(settings.database_schema)
    await pool.execute(f"CREATE TABLE IF NOT EXISTS {table} (event_id uuid NOT NULL)")
    processed = ProcessedMessages(pool, "effects", schema=settings.database_schema, faults=faults)

    async def record(event: Envelope[OrderConfirmed]) -> None:
        await processed.run_once(
            event.event_id,
            lambda connection: connection.execute(
                f"INSERT INTO {table} (event_id) VALUES ($1)", event.event_id
            ),
        )

    handlers = HandlerRegistry().on(OrderConfirmed, record)
    try:
        await consume_until_stopped(
            settings.rabbitmq_url,
            [Subscription("projections", OneAtATime(handlers, concurrency=3))],
            name="effect-consumer",
            faults=faults,
        )
    finally:
        await pool.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
