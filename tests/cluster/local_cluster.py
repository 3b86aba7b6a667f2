"""Throwaway RabbitMQ nodes for the failover tests; the code lives in `rabbitmq.local_nodes`."""

from rabbitmq.local_nodes import (
    ClusterError,
    LocalCluster,
    Node,
    check_can_run_nodes,
    local_cluster,
    wait_for,
)

__all__ = [
    "ClusterError",
    "LocalCluster",
    "Node",
    "check_can_run_nodes",
    "local_cluster",
    "wait_for",
]
