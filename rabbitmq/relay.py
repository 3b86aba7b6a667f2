"""The relay: the event store is the outbox, RabbitMQ the destination.

It follows the store's global log from its checkpoint, publishes each batch with confirms,
and moves the checkpoint only after every event of the batch is confirmed. A crash at any
point therefore repeats publishes (consumers drop duplicates by event id) and never skips one.
"""

from __future__ import annotations

import logging
import time

from prometheus_client import CollectorRegistry, Counter, Gauge

from dinner.faults import NO_FAULTS, FaultPoints
from eventstore.port import EventStore
from rabbitmq.checkpoints import PostgresCheckpointStore
from rabbitmq.publisher import ConfirmedPublisher

log = logging.getLogger(__name__)

CHECKPOINT_NAME = "relay"


class RelayMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.published = Counter(
            "relay_events_published", "Events confirmed by the broker", registry=registry
        )
        self.position = Gauge(
            "relay_checkpoint_position",
            "Last position confirmed and checkpointed",
            registry=registry,
        )
        self.lag_seconds = Gauge(
            "relay_lag_seconds",
            "Age of the last published event when confirmed",
            registry=registry,
        )


class Relay:
    def __init__(
        self,
        store: EventStore,
        checkpoints: PostgresCheckpointStore,
        publisher: ConfirmedPublisher,
        *,
        batch_size: int = 500,
        faults: FaultPoints = NO_FAULTS,
        metrics: RelayMetrics | None = None,
    ) -> None:
        self._store = store
        self._checkpoints = checkpoints
        self._publisher = publisher
        self._batch_size = batch_size
        self._faults = faults
        self._metrics = metrics or RelayMetrics(CollectorRegistry())

    async def run(self) -> None:
        position = await self._checkpoints.load(CHECKPOINT_NAME)
        log.info("relaying from position %d", position)
        async for batch in self._store.subscribe_batches(
            after_position=position, limit=self._batch_size
        ):
            self._faults.hit("relay.before_publish")
            await self._publisher.publish_all(batch)
            self._faults.hit("relay.after_publish")
            await self._checkpoints.save(CHECKPOINT_NAME, batch[-1].position)
            self._record(len(batch), batch[-1].position, batch[-1].recorded_at.timestamp())

    def _record(self, count: int, position: int, recorded_at: float) -> None:
        self._metrics.published.inc(count)
        self._metrics.position.set(position)
        self._metrics.lag_seconds.set(max(0.0, time.time() - recorded_at))
