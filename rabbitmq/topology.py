"""The broker topology as data: one exchange, a quorum work queue per consumer, its retry
ladder and its dead-letter queue.

Work queues dead-letter to their own `<q>.dlq` through the default exchange, at least once
(`x-dead-letter-strategy: at-least-once`, which quorum queues honour only together with
`x-overflow: reject-publish`; without it they silently fall back to at-most-once). Their
`x-delivery-limit` guards against a message that crashes its consumer over and over.

Retry queues hold a message for their TTL and then dead-letter it back to the one work queue
they belong to (default exchange, routing key = queue name), never through `dinner.events`,
which would copy it to every other consumer too.

RabbitMQ 4.x: quorum queues get `delivery-limit` 20 by default and 4.3 adds native delayed
retry; the limit is set explicitly here and the retry ladder is plain TTL queues, so the
topology behaves the same on 3.10 and 4.x.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EVENTS_EXCHANGE = "dinner.events"
RETRY_DELAYS_SECONDS: tuple[int, ...] = (1, 2, 4)
DELIVERY_LIMIT = 10


@dataclass(frozen=True)
class WorkQueue:
    name: str
    bindings: tuple[str, ...]
    delivery_limit: int = DELIVERY_LIMIT
    # One consumer at a time, the others on standby: for consumers that need stream order.
    single_active_consumer: bool = False

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.name}.dlq"

    def retry_queue(self, attempt: int) -> str:
        """The queue that holds a message before its `attempt`-th retry (1-based)."""
        return f"{self.name}.retry.{RETRY_DELAYS_SECONDS[attempt - 1]}s"

    @property
    def retry_queues(self) -> list[str]:
        return [self.retry_queue(n) for n in range(1, len(RETRY_DELAYS_SECONDS) + 1)]


@dataclass(frozen=True)
class QueueDeclaration:
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Topology:
    exchange: str
    work_queues: tuple[WorkQueue, ...]

    def queue(self, name: str) -> WorkQueue:
        for queue in self.work_queues:
            if queue.name == name:
                return queue
        raise KeyError(f"no work queue named {name!r}")

    def declarations(self) -> list[QueueDeclaration]:
        """Every queue with its arguments, dead-letter targets before their sources."""
        declared: list[QueueDeclaration] = []
        for queue in self.work_queues:
            declared.append(QueueDeclaration(queue.dead_letter_queue, {"x-queue-type": "quorum"}))
            declared.extend(
                QueueDeclaration(name, _retry_arguments(queue.name, delay))
                for name, delay in zip(queue.retry_queues, RETRY_DELAYS_SECONDS, strict=True)
            )
            declared.append(QueueDeclaration(queue.name, _work_arguments(queue)))
        return declared


def _at_least_once_to(target: str) -> dict[str, Any]:
    return {
        "x-queue-type": "quorum",
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": target,
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }


def _work_arguments(queue: WorkQueue) -> dict[str, Any]:
    arguments = {
        **_at_least_once_to(queue.dead_letter_queue),
        "x-delivery-limit": queue.delivery_limit,
    }
    if queue.single_active_consumer:
        arguments["x-single-active-consumer"] = True
    return arguments


def _retry_arguments(work_queue: str, delay_seconds: int) -> dict[str, Any]:
    return {**_at_least_once_to(work_queue), "x-message-ttl": delay_seconds * 1000}


DEFAULT_TOPOLOGY = Topology(
    exchange=EVENTS_EXCHANGE,
    work_queues=(
        WorkQueue("projections", ("#",), single_active_consumer=True),
        WorkQueue("notifications", ("order.#", "voice.#"), single_active_consumer=True),
        WorkQueue("ai.stt", ("voice.VoiceOrderSubmitted",)),
        WorkQueue("ai.llm", ("voice.VoiceTranscribed",)),
        WorkQueue("ai.image", ("order.CakeDesignRequested",)),
    ),
)
