"""Throwaway RabbitMQ nodes on this machine (one, or clustered), for failover and chaos runs.

Every node gets its own name, AMQP, distribution and management ports, data and log
directories, config file and enabled-plugins file, all under one temporary directory owned by
the `rabbitmq` user, so the machine's own broker is never touched: every `rabbitmqctl` call
names its node with `-n`. The Debian wrappers in /usr/sbin run the real scripts as the
`rabbitmq` user (through `su`, which passes the `RABBITMQ_*` variables on), so this needs root.
"""

from __future__ import annotations

import json
import logging
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

BROKER_USER = "rabbitmq"
SBIN_DIRS = ("/usr/sbin", "/usr/local/sbin", "/usr/lib/rabbitmq/bin")
NOT_YET_REGISTERED = 69  # what `rabbitmqctl await_startup` exits with before the node is known
START_SECONDS = 90.0
EXIT_SECONDS = 30.0
CLI_DIST_PORTS = range(35672, 35683)  # rabbitmqctl's own distribution ports (rabbitmq-env)


class ClusterError(RuntimeError):
    pass


def find_tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=os.pathsep.join(SBIN_DIRS))
    if found is None:
        raise ClusterError(
            f"{name} not found on PATH nor in {', '.join(SBIN_DIRS)}: these tests start their own "
            "RabbitMQ nodes and need the rabbitmq-server package (apt-get install rabbitmq-server)"
        )
    return found


def check_can_run_nodes() -> None:
    """Fails with a readable reason when this machine cannot start throwaway nodes."""
    for tool in ("rabbitmq-server", "rabbitmqctl"):
        find_tool(tool)
    try:
        broker = pwd.getpwnam(BROKER_USER)
    except KeyError:
        raise ClusterError(f"no {BROKER_USER!r} user: is rabbitmq-server installed?") from None
    if os.geteuid() not in (0, broker.pw_uid):
        raise ClusterError(f"starting RabbitMQ nodes needs root or the {BROKER_USER!r} user")


@dataclass(frozen=True)
class Node:
    name: str
    amqp_port: int
    dist_port: int
    management_port: int
    home: Path
    plugins: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.amqp_port}/"

    @property
    def pid_file(self) -> Path:
        return self.home / "mnesia" / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "log" / f"{self.name}.log"

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_PORT": str(self.amqp_port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.home / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.home / "log"),
            "RABBITMQ_CONFIG_FILE": str(self.home / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.home / "enabled_plugins"),
        }

    def write_files(self) -> None:
        for directory in ("mnesia", "log"):
            (self.home / directory).mkdir(parents=True)
        (self.home / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.amqp_port}\n"
            f"management.tcp.ip = 127.0.0.1\n"
            f"management.tcp.port = {self.management_port}\n"
        )
        (self.home / "enabled_plugins").write_text(f"[{','.join(self.plugins)}].\n")


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on right now; all held open together so none repeats."""
    ports: list[int] = []
    with ExitStack() as stack:
        while len(ports) < count:
            sock = stack.enter_context(socket.socket())
            sock.bind(("127.0.0.1", 0))
            if (port := sock.getsockname()[1]) not in CLI_DIST_PORTS:
                ports.append(port)
    return ports


def plan_nodes(
    root: Path, size: int, plugins: tuple[str, ...], prefix: str = "dtest"
) -> list[Node]:
    host = socket.gethostname().split(".")[0]
    run = secrets.token_hex(3)
    ports = iter(free_ports(3 * size))
    return [
        Node(
            name=f"{prefix}{n}-{run}@{host}",
            amqp_port=next(ports),
            dist_port=next(ports),
            management_port=next(ports),
            home=root / f"node{n}",
            plugins=plugins,
        )
        for n in range(1, size + 1)
    ]


def wait_for(condition: Callable[[], bool], seconds: float, what: str, pause: float = 0.1) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise ClusterError(f"gave up after {seconds:.0f} s waiting for {what}")
        time.sleep(pause)


def process_exists(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def runs_node(pid: int, node: Node) -> bool:
    """Whether `pid` is the live Erlang VM started for `node` (its environment names the node)."""
    try:
        environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"RABBITMQ_NODENAME={node.name}".encode() in environment


class LocalCluster:
    def __init__(self, root: Path, nodes: list[Node]) -> None:
        self.root = root
        self.nodes = nodes
        self.killed: set[str] = set()
        self._ctl = find_tool("rabbitmqctl")
        self._pids: dict[str, int] = {}

    def ctl(self, node: Node, *args: str, timeout: float = 60.0) -> str:
        """Runs `rabbitmqctl -n NODE ARGS` and returns its standard output."""
        command = [self._ctl, "-n", node.name, *args]
        done = subprocess.run(
            command, env=node.environment(), capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise ClusterError(
                f"{' '.join(command)} exited {done.returncode}: {done.stderr or done.stdout}"
            )
        return done.stdout

    def start(self) -> None:
        """Boots every node at once, then joins the others to the first, one at a time."""
        server = find_tool("rabbitmq-server")
        for node in self.nodes:
            node.write_files()
        self._give_to_broker_user()
        for node in self.nodes:
            subprocess.run([server, "-detached"], env=node.environment(), check=True, timeout=30)
        for node in self.nodes:
            self.await_startup(node)
            self._pids[node.name] = self._pid(node) or self.os_pid(node)
        first, *others = self.nodes
        for node in others:
            for step in (("stop_app",), ("join_cluster", first.name), ("start_app",)):
                self.ctl(node, *step)
        wait_for(self._all_running, 30, "all nodes running in one cluster", pause=0.5)

    def await_startup(self, node: Node) -> None:
        deadline = time.monotonic() + START_SECONDS
        while True:
            done = subprocess.run(
                [self._ctl, "-n", node.name, "await_startup", "--timeout", "60"],
                env=node.environment(),
                capture_output=True,
                text=True,
                timeout=90,
            )
            if done.returncode == 0:
                return
            pid = self._pid(node)
            crashed = pid is not None and not process_exists(pid)
            if done.returncode != NOT_YET_REGISTERED or crashed or time.monotonic() > deadline:
                raise ClusterError(
                    f"{node.name} did not start (rc {done.returncode}: {done.stderr.strip()}); "
                    f"log tail:\n{self.log_tail(node)}"
                )
            time.sleep(0.2)

    def os_pid(self, node: Node) -> int:
        """The OS pid of the node's Erlang VM, asked of the node itself."""
        return int(self.ctl(node, "eval", "os:getpid().").strip().strip('"'))

    def running(self) -> list[Node]:
        return [node for node in self.nodes if node.name not in self.killed]

    def queue_members(self, queue: str, asking: Node) -> tuple[str, list[str]]:
        """The quorum queue's leader and members, as `asking` sees them."""
        out = self.ctl(
            asking,
            "list_queues",
            "-q",
            "--formatter",
            "json",
            "name",
            "leader",
            "members",
            timeout=30,
        )
        for row in json.loads(out):
            if row["name"] == queue:
                return row["leader"], row["members"]
        raise ClusterError(f"{asking.name} knows no queue {queue!r}: {out}")

    def kill(self, node: Node) -> None:
        """SIGKILLs the node's Erlang VM: no shutdown, no goodbye to its peers."""
        pid = self._pids[node.name]
        if not runs_node(pid, node):
            raise ClusterError(f"pid {pid} is not the VM of {node.name}; not killing it")
        self.killed.add(node.name)
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not process_exists(pid), EXIT_SECONDS, f"{node.name} (pid {pid}) to die")

    def restart_app(self, node: Node) -> None:
        """stop_app then start_app: every client connection drops, the VM stays up."""
        self.ctl(node, "stop_app")
        self.ctl(node, "start_app")
        self.await_startup(node)

    def revive(self, node: Node) -> None:
        """Boots a node that was killed again, on its old data (quorum queues recover)."""
        server = find_tool("rabbitmq-server")
        self._pids.pop(node.name, None)
        node.pid_file.unlink(missing_ok=True)
        subprocess.run([server, "-detached"], env=node.environment(), check=True, timeout=30)
        self.await_startup(node)
        self._pids[node.name] = self.os_pid(node)
        self.killed.discard(node.name)

    def destroy(self) -> None:
        """stop_app, reset, stop on every live node; SIGKILL what is left; delete the files."""
        live = [node for node in self.nodes if self._is_up(node)]
        for node in self.nodes:
            if node not in live and node.name in self._pids and live:
                self._try(live[0], "forget_cluster_node", node.name)
        for node in live:
            for step in ("stop_app", "reset", "stop"):
                self._try(node, step)
        for node in self.nodes:
            self._make_sure_gone(node)
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, node: Node, lines: int = 30) -> str:
        try:
            return "\n".join(node.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError as error:
            return f"(no log: {error})"

    def _all_running(self) -> bool:
        status = json.loads(self.ctl(self.nodes[0], "cluster_status", "--formatter", "json"))
        return sorted(status["running_nodes"]) == sorted(node.name for node in self.nodes)

    def _give_to_broker_user(self) -> None:
        if os.geteuid() != 0:
            return
        for path in [self.root, *self.root.rglob("*")]:
            shutil.chown(path, BROKER_USER, BROKER_USER)

    def _is_up(self, node: Node) -> bool:
        pid = self._pid(node)
        return pid is not None and runs_node(pid, node)

    def _pid(self, node: Node) -> int | None:
        if node.name in self._pids:
            return self._pids[node.name]
        try:
            return int(node.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def _try(self, node: Node, *args: str) -> None:
        try:
            self.ctl(node, *args, timeout=60)
        except (ClusterError, subprocess.TimeoutExpired) as error:
            log.warning("teardown of %s: %s", node.name, error)

    def _make_sure_gone(self, node: Node) -> None:
        pid = self._pid(node)
        if pid is None or not runs_node(pid, node):
            return
        try:
            wait_for(lambda: not process_exists(pid), EXIT_SECONDS, f"{node.name} to exit")
        except ClusterError:
            log.warning("%s (pid %d) did not stop; killing it", node.name, pid)
            os.kill(pid, signal.SIGKILL)
            wait_for(lambda: not process_exists(pid), EXIT_SECONDS, f"{node.name} to die")


@contextmanager
def local_cluster(
    size: int = 3, plugins: tuple[str, ...] = (), prefix: str = "dtest"
) -> Iterator[LocalCluster]:
    """A fresh cluster of `size` nodes, torn down on the way out whatever happened inside.

    No plugins by default: with rabbitmq_management enabled every `stop_app` takes ~5 s longer
    (each node still gets a management port of its own in case it is enabled).
    """
    check_can_run_nodes()
    root = Path(tempfile.mkdtemp(prefix="rabbitmq-cluster-"))
    cluster = LocalCluster(root, plan_nodes(root, size, plugins, prefix))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()
