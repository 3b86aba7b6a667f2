"""`dinner relay`: the relay's composition root, a hot standby until it holds the lease."""

from __future__ import annotations

import asyncio
import logging
import signal

import asyncpg

from bootstrap import Needs, open_services
from dinner.faults import FaultPoints
from dinner.settings import Settings
from rabbitmq.checkpoints import PostgresCheckpointStore
from rabbitmq.connection import connect, while_connected
from rabbitmq.declare import declare_topology
from rabbitmq.lease import hold_lease_and_run
from rabbitmq.publisher import ConfirmedPublisher
from rabbitmq.relay import Relay
from rabbitmq.topology import DEFAULT_TOPOLOGY

log = logging.getLogger(__name__)

# The log to publish, and the checkpoint store's pool.
NEEDS = Needs.EVENT_STORE | Needs.PG_POOL


async def run_relay(settings: Settings, faults: FaultPoints) -> None:
    async with open_services(settings, NEEDS, pg_pool_size=2) as services:
        broker = await connect(settings.rabbitmq_url, name="dinner-relay")
        try:
            channel = await broker.channel(publisher_confirms=True, on_return_raises=True)
            await declare_topology(channel, DEFAULT_TOPOLOGY)
            exchange = await channel.get_exchange(DEFAULT_TOPOLOGY.exchange)
            relay = Relay(
                services.store,
                PostgresCheckpointStore(services.pg_pool, settings.database_schema),
                ConfirmedPublisher(exchange),
                faults=faults,
            )
            # The lease is a session-level advisory lock: it needs a connection of its own,
            # held for as long as this relay is the active one.
            lease = hold_lease_and_run(
                lambda: asyncpg.connect(settings.database_url),
                # One lease per event store: deployments (and test runs) on other schemas of
                # the same server each have their own active relay.
                f"relay:{settings.database_schema}",
                relay.run,
            )
            await while_connected(broker, lease)
        finally:
            await broker.close()


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
