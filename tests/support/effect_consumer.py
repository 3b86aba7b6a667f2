"""A consumer process with an effect in PostgreSQL, for the crash tests.

`python -m tests.support.effect_consumer` runs the production runtime (consumers/process.py)
on the `projections` queue; its handler inserts one row per event into `effects`, through
the processed-message record. The table has no unique key, so a doubled effect would show.
"""

from __future__ import annotations

import asyncio
import logging

from consumers.idempotency import ProcessedMessages
from consumers.process import Subscription, consume_until_stopped
from consumers.registry import HandlerRegistry
from dinner.faults import FaultPoints
from dinner.settings import Settings
from eventstore.postgres import create_pool
from schemas.envelope import RecordedEvent

EVENT_TYPE = "SomethingHappened"


def effects_table(schema: str) -> str:
    return f'"{schema}".effects'


async def main() -> None:
    settings = Settings()
    faults = FaultPoints.from_environment()
    pool = await create_pool(settings.database_url, max_size=4)
    table = effects_table(settings.database_schema)
    await pool.execute(f"CREATE TABLE IF NOT EXISTS {table} (event_id uuid NOT NULL)")
    processed = ProcessedMessages(pool, "effects", schema=settings.database_schema, faults=faults)

    async def record(event: RecordedEvent) -> None:
        await processed.run_once(
            event.event_id,
            lambda connection: connection.execute(
                f"INSERT INTO {table} (event_id) VALUES ($1)", event.event_id
            ),
        )

    handlers = HandlerRegistry().on(EVENT_TYPE, record)
    try:
        await consume_until_stopped(
            settings.rabbitmq_url,
            [Subscription("projections", handlers, concurrency=3)],
            name="effect-consumer",
            faults=faults,
        )
    finally:
        await pool.close()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
