"""`dinner relay`: the relay's composition root, a hot standby until it holds the lease."""

from __future__ import annotations

import asyncio
import logging
import signal

import asyncpg

from dinner.bootstrap import open_event_store
from dinner.faults import FaultPoints
from dinner.settings import Settings
from eventstore.postgres import create_pool
from rabbitmq.checkpoints import PostgresCheckpointStore
from rabbitmq.connection import connect, while_connected
from rabbitmq.declare import declare_topology
from rabbitmq.lease import hold_lease_and_run
from rabbitmq.publisher import ConfirmedPublisher
from rabbitmq.relay import Relay
from rabbitmq.topology import DEFAULT_TOPOLOGY

log = logging.getLogger(__name__)


async def run_relay(settings: Settings, faults: FaultPoints) -> None:
    store = await open_event_store(settings)
    pool = await create_pool(settings.database_url, max_size=2)
    broker = await connect(settings.rabbitmq_url, name="dinner-relay")
    try:
        channel = await broker.channel(publisher_confirms=True, on_return_raises=True)
        await declare_topology(channel, DEFAULT_TOPOLOGY)
        exchange = await channel.get_exchange(DEFAULT_TOPOLOGY.exchange)
        relay = Relay(
            store,
            PostgresCheckpointStore(pool, settings.database_schema),
            ConfirmedPublisher(exchange),
            faults=faults,
        )
        lease = hold_lease_and_run(
            lambda: asyncpg.connect(settings.database_url), "relay", relay.run
        )
        await while_connected(broker, lease)
    finally:
        await broker.close()
        await pool.close()
        await store.close()


def main(settings: Settings) -> None:
    async def until_stopped() -> None:
        task = asyncio.create_task(run_relay(settings, FaultPoints.from_environment()))
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, task.cancel)
        try:
            await task
        except asyncio.CancelledError:
            log.info("relay stopped")

    asyncio.run(until_stopped())
