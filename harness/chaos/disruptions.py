"""The faults: at random moments a process is SIGKILLed, RabbitMQ or PostgreSQL restarted.

The first round deals every kind of fault once, in random order, so even a short run sees
each; after that the kinds are drawn at random. The broker and database operations block
(they wait for the node to stop and start), so they run in a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from harness.chaos.postgres_node import PostgresNode
from harness.chaos.processes import KeptProcess
from rabbitmq.local_nodes import LocalCluster


@dataclass
class Disruption:
    at: float
    kind: str
    seconds: float


@dataclass
class DisruptionLog:
    events: list[Disruption] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(event.kind for event in self.events)


class Disruptor:
    def __init__(
        self,
        processes: Mapping[str, KeptProcess],
        postgres: PostgresNode,
        broker: LocalCluster,
        rng: random.Random,
        interval: tuple[float, float],
    ) -> None:
        self._processes = processes
        self._postgres = postgres
        self._broker = broker
        self._rng = rng
        self._interval = interval
        self.kinds = [f"kill {name}" for name in processes] + [
            "restart rabbitmq",
            "restart postgresql",
        ]
        self.log = DisruptionLog()

    async def run_until(self, done: asyncio.Event) -> None:
        deck = self._rng.sample(self.kinds, len(self.kinds))
        started = time.monotonic()
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), self._rng.uniform(*self._interval))
            if done.is_set():
                return
            kind = deck.pop() if deck else self._rng.choice(self.kinds)
            began = time.monotonic()
            await self._disrupt(kind)
            self.log.events.append(Disruption(began - started, kind, time.monotonic() - began))

    async def _disrupt(self, kind: str) -> None:
        if kind.startswith("kill "):
            self._processes[kind.removeprefix("kill ")].kill()
        elif kind == "restart rabbitmq":
            await asyncio.to_thread(self._restart_broker)
        else:
            await asyncio.to_thread(self._restart_postgres)

    def _restart_broker(self) -> None:
        node = self._broker.nodes[0]
        if self._rng.random() < 0.5:
            self._broker.restart_app(node)
        else:
            self._broker.kill(node)
            self._broker.revive(node)

    def _restart_postgres(self) -> None:
        # Down for a moment, not just bounced: requests must meet the outage, not miss it.
        self._postgres.stop(self._rng.choice(["fast", "immediate"]))
        time.sleep(self._rng.uniform(0.5, 3.0))
        self._postgres.start()
