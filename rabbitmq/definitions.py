"""The topology as a RabbitMQ definitions file, for a broker to load at boot.

The file holds the vhost, the exchange, every queue with its arguments and every binding, in a
fixed order so that a regenerated file differs only where the topology did. Users, passwords
and permissions stay out of it: they come from the deployment's secrets.
"""

from __future__ import annotations

import json
from typing import Any

from rabbitmq.topology import QueueDeclaration, Topology

VHOST = "/"


def definitions(topology: Topology) -> dict[str, Any]:
    queues = sorted(topology.declarations(), key=lambda declaration: declaration.name)
    return {
        "vhosts": [{"name": VHOST}],
        "exchanges": [_exchange(topology.exchange)],
        "queues": [_queue(declaration) for declaration in queues],
        "bindings": _bindings(topology),
    }


def render(document: dict[str, Any]) -> str:
    """The JSON text written to disk: indented, keys sorted, one trailing newline."""
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def _exchange(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "vhost": VHOST,
        "type": "topic",
        "durable": True,
        "auto_delete": False,
        "internal": False,
        "arguments": {},
    }


def _queue(declaration: QueueDeclaration) -> dict[str, Any]:
    return {
        "name": declaration.name,
        "vhost": VHOST,
        "durable": True,
        "auto_delete": False,
        "arguments": dict(sorted(declaration.arguments.items())),
    }


def _bindings(topology: Topology) -> list[dict[str, Any]]:
    pairs = sorted((queue.name, key) for queue in topology.work_queues for key in queue.bindings)
    return [
        {
            "source": topology.exchange,
            "vhost": VHOST,
            "destination": queue,
            "destination_type": "queue",
            "routing_key": routing_key,
            "arguments": {},
        }
        for queue, routing_key in pairs
    ]
