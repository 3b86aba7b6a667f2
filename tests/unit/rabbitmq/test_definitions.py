"""The committed RabbitMQ definitions file: in step with the topology in code, and at least once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rabbitmq.definitions import definitions, render
from rabbitmq.topology import DEFAULT_TOPOLOGY, Topology, WorkQueue

COMMITTED = Path(__file__).resolve().parents[3] / "deploy" / "rabbitmq" / "definitions.json"
REGENERATE = ".venv/bin/dinner rabbitmq definitions --out deploy/rabbitmq/definitions.json"
AT_LEAST_ONCE = {
    "x-queue-type": "quorum",
    "x-dead-letter-exchange": "",
    "x-dead-letter-strategy": "at-least-once",
    "x-overflow": "reject-publish",
}


def committed() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(COMMITTED.read_text())
    return document


def test_the_committed_file_matches_the_topology_in_code() -> None:
    assert committed() == definitions(DEFAULT_TOPOLOGY), (
        f"{COMMITTED.name} is out of date with rabbitmq/topology.py; regenerate it: {REGENERATE}"
    )


def test_the_committed_file_is_exactly_what_the_command_writes() -> None:
    assert COMMITTED.read_text() == render(definitions(DEFAULT_TOPOLOGY)), (
        f"{COMMITTED.name} was edited by hand or reformatted; regenerate it: {REGENERATE}"
    )


def test_every_queue_is_a_durable_quorum_queue_dead_lettering_at_least_once() -> None:
    queues = {queue["name"]: queue for queue in committed()["queues"]}
    for work in DEFAULT_TOPOLOGY.work_queues:
        for name in (work.name, *work.retry_queues):
            arguments = queues[name]["arguments"]
            assert AT_LEAST_ONCE.items() <= arguments.items(), name
        assert queues[work.name]["arguments"]["x-dead-letter-routing-key"] == work.dead_letter_queue
        assert queues[work.name]["arguments"]["x-delivery-limit"] == work.delivery_limit
        assert queues[work.dead_letter_queue]["arguments"]["x-queue-type"] == "quorum"
    assert all(q["durable"] and not q["auto_delete"] for q in queues.values())
    assert {q["arguments"]["x-queue-type"] for q in queues.values()} == {"quorum"}
    assert len(queues) == len(DEFAULT_TOPOLOGY.declarations())


def test_it_holds_the_exchange_and_bindings_but_no_users_or_permissions() -> None:
    document = committed()
    assert document.keys() == {"vhosts", "exchanges", "queues", "bindings"}
    (exchange,) = document["exchanges"]
    assert exchange["name"] == "dinner.events" and exchange["type"] == "topic"
    assert exchange["durable"] is True
    bound = {(b["destination"], b["routing_key"]) for b in document["bindings"]}
    assert bound == {(w.name, key) for w in DEFAULT_TOPOLOGY.work_queues for key in w.bindings}
    everything = [item for key in ("exchanges", "queues", "bindings") for item in document[key]]
    assert {item["vhost"] for item in everything} == {"/"}
    assert document["vhosts"] == [{"name": "/"}]
    assert "password" not in COMMITTED.read_text()


def test_the_order_does_not_depend_on_the_order_of_declaration() -> None:
    queues = (WorkQueue("b", ("x.#",)), WorkQueue("a", ("y.#", "x.#")))
    forward = definitions(Topology("events", queues))
    backward = definitions(Topology("events", queues[::-1]))
    assert render(forward) == render(backward)
