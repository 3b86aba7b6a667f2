"""What the system holds once the chaos is over, compared with what the clients were told.

Every figure comes from the system's own records: the event store, the read models and their
per-stream revisions, the projector's checkpoint, what the notifications consumer pushed to
Redis (the probe) and the queues' depths on the broker.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import aio_pika
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from consumers.notifications import PUSHED_TYPES
from domain import ORDER, fold
from eventstore.port import EventStore
from harness.chaos.workload import AcceptedCommand
from harness.consistency import mismatches
from projections.registry import READ_MODELS
from projections.tables import projector_checkpoints
from rabbitmq.topology import DEFAULT_TOPOLOGY, WorkQueue
from schemas.envelope import RecordedEvent
from schemas.registry import from_recorded, routing_key
from schemas.streams import StreamId


@dataclass(frozen=True)
class QueueFigures:
    name: str
    routed: int  # stored events the queue's bindings match
    delivered: int | None  # of those, how many reached the consumer's effect (None: no probe)
    waiting: int  # ready in the work queue and its retry queues
    dead_lettered: int


@dataclass
class Findings:
    events_stored: int = 0
    queues: list[QueueFigures] = field(default_factory=list)
    read_model_mismatches: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    duplicates_in_store: int = 0
    duplicates_projected: int = 0
    told_wrong_status: list[str] = field(default_factory=list)
    pushed_twice: int = 0


def topic_matches(pattern: str, key: str) -> bool:
    """AMQP topic matching: `*` is one word, `#` zero or more."""

    def match(p: list[str], k: list[str]) -> bool:
        if not p:
            return not k
        if p[0] == "#":
            return any(match(p[1:], k[i:]) for i in range(len(k) + 1))
        return bool(k) and p[0] in ("*", k[0]) and match(p[1:], k[1:])

    return match(pattern.split("."), key.split("."))


def routed_to(queue: WorkQueue, events: Iterable[RecordedEvent]) -> list[RecordedEvent]:
    return [e for e in events if any(topic_matches(b, routing_key(e)) for b in queue.bindings)]


def lost_commands(
    accepted: Sequence[AcceptedCommand], events: Sequence[RecordedEvent]
) -> list[str]:
    """Accepted commands whose event is not where the response said it was."""
    at = {(e.stream_id, e.revision): e for e in events}
    lost = []
    for command in accepted:
        event = at.get((StreamId.order(command.order_id), command.revision))
        if event is None or event.type != command.event_type or event.position != command.position:
            found = "nothing" if event is None else f"{event.type} at {event.position}"
            lost.append(f"{command.key}: {command.event_type} r{command.revision}, found {found}")
    return lost


def duplicated_commands(events: Sequence[RecordedEvent]) -> int:
    """Commands (one correlation id each) whose events were appended by more than one run."""
    runs: defaultdict[str, set[str | None]] = defaultdict(set)
    for event in events:
        correlation = event.metadata.correlation_id
        if correlation and correlation.startswith("chaos-"):
            runs[correlation].add(event.metadata.causation_id)
    return sum(len(causes) - 1 for causes in runs.values())


def wrong_statuses(told: dict[uuid.UUID, str], events: Sequence[RecordedEvent]) -> list[str]:
    by_stream: defaultdict[str, list[RecordedEvent]] = defaultdict(list)
    for event in events:
        by_stream[event.stream_id].append(event)
    wrong = []
    for order_id, status in told.items():
        state = fold(ORDER, (from_recorded(e) for e in by_stream.get(StreamId.order(order_id), [])))
        if state.status != status:
            wrong.append(f"{order_id}: clients were told {status}, the store says {state.status}")
    return wrong


async def projected_revisions(engine: AsyncEngine) -> dict[str, dict[str, int]]:
    """Per read model, the last revision of each stream it has applied."""
    revisions: dict[str, dict[str, int]] = {}
    async with engine.connect() as connection:
        for model in READ_MODELS:
            rows = await connection.execute(select(model.streams))
            revisions[model.name] = {r.stream_id: r.revision for r in rows}
    return revisions


def projected_events(events: Sequence[RecordedEvent], revisions: dict[str, dict[str, int]]) -> int:
    """Stored events that every read model following their stream has applied."""
    count = 0
    for event in events:
        models = [m for m in READ_MODELS if event.category in m.categories]
        if all(revisions[m.name].get(event.stream_id, -1) >= event.revision for m in models):
            count += 1
    return count


def expected_applications(events: Sequence[RecordedEvent]) -> int:
    """(read model, event) pairs a projector that applies each event once has applied."""
    return sum(1 for e in events for m in READ_MODELS if e.category in m.categories)


async def applied_pairs(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        value = await connection.scalar(
            select(projector_checkpoints.c.events).where(
                projector_checkpoints.c.name == "projections"
            )
        )
    return int(value or 0)


async def queue_depths(amqp_url: str) -> dict[str, int]:
    """Ready messages in every queue of the topology (passive declares: nothing is created)."""
    depths: dict[str, int] = {}
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        for queue in DEFAULT_TOPOLOGY.work_queues:
            for name in (queue.name, *queue.retry_queues, queue.dead_letter_queue):
                declared = await channel.declare_queue(name, passive=True)
                depths[name] = declared.declaration_result.message_count or 0
    finally:
        await connection.close()
    return depths


async def verify(
    store: EventStore,
    engine: AsyncEngine,
    amqp_url: str,
    accepted: Sequence[AcceptedCommand],
    told_status: dict[uuid.UUID, str],
    pushed: Counter[str],
) -> Findings:
    events = await store.read_all(limit=10**8)
    revisions = await projected_revisions(engine)
    depths = await queue_depths(amqp_url)
    findings = Findings(events_stored=len(events))
    for queue in DEFAULT_TOPOLOGY.work_queues:
        routed = routed_to(queue, events)
        delivered: int | None = None
        if queue.name == "projections":
            delivered = projected_events(routed, revisions)
        elif queue.name == "notifications":
            wanted = {str(e.event_id) for e in routed if e.type in PUSHED_TYPES}
            delivered = len(wanted & set(pushed)) + len(routed) - len(wanted)
        waiting = sum(depths[n] for n in (queue.name, *queue.retry_queues))
        findings.queues.append(
            QueueFigures(
                queue.name, len(routed), delivered, waiting, depths[queue.dead_letter_queue]
            )
        )
    findings.read_model_mismatches = await mismatches(engine, store, events)
    findings.lost = lost_commands(accepted, events)
    findings.duplicates_in_store = duplicated_commands(events)
    findings.duplicates_projected = max(
        0, await applied_pairs(engine) - expected_applications(events)
    )
    findings.told_wrong_status = wrong_statuses(told_status, events)
    findings.pushed_twice = sum(n - 1 for n in pushed.values() if n > 1)
    return findings
