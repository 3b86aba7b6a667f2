"""`dinner projections run`: the projector's composition root."""

from __future__ import annotations

import asyncio
import logging

import redis.asyncio as redis
from sqlalchemy.ext.asyncio import create_async_engine

from consumers.process import stop_on_signals
from dinner.bootstrap import open_event_store
from dinner.faults import FaultPoints
from dinner.migrate import sqlalchemy_url
from dinner.privacy.keys import open_key_store
from dinner.privacy.personal_data import EncryptedPersonalData
from dinner.settings import Settings
from projections.consumer import BatchingConsumer
from projections.projector import Projector
from projections.signals import ProjectionSignals
from rabbitmq.connection import connect, while_connected
from rabbitmq.declare import declare_topology
from rabbitmq.topology import DEFAULT_TOPOLOGY

log = logging.getLogger(__name__)


async def run(settings: Settings, stop: asyncio.Event | None = None) -> None:
    stop = stop or stop_on_signals()
    store = await open_event_store(settings)
    keys = await open_key_store(settings)
    engine = create_async_engine(sqlalchemy_url(settings.database_url), pool_size=4)
    client = redis.from_url(settings.redis_url)
    broker = await connect(settings.rabbitmq_url, name="dinner-projector")
    try:
        await declare_topology(await broker.channel(), DEFAULT_TOPOLOGY)
        projector = Projector(
            engine, store, schema=settings.database_schema, personal=EncryptedPersonalData(keys)
        )
        signals = ProjectionSignals(engine, settings.database_schema, client, settings.redis_prefix)
        consumer = BatchingConsumer(
            await broker.channel(publisher_confirms=True),
            DEFAULT_TOPOLOGY.queue("projections"),
            projector,
            after_commit=signals.after_commit,
            faults=FaultPoints.from_environment(),
            max_body_bytes=settings.max_message_bytes,
        )
        await consumer.start()
        log.info("projecting")
        await while_connected(broker, stop.wait())
        await consumer.stop()
    finally:
        await broker.close()
        await client.aclose()
        await engine.dispose()
        await keys.close()
        await store.close()


def main(settings: Settings) -> None:
    asyncio.run(run(settings))
