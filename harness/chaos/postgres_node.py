"""A throw-away PostgreSQL cluster in a temporary directory, on a port of its own.

The chaos run restarts its database many times, which must never touch the machine's shared
server: this cluster has its own data directory, socket directory and port. `initdb` refuses
to run as root, so as root every server tool runs as the `postgres` user (`runuser`).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rabbitmq.local_nodes import free_ports

SERVER_USER = "postgres"
PG_ROOT = Path("/usr/lib/postgresql")
# A process crash (SIGKILL, `-m immediate`) loses nothing with fsync off: written pages are
# in the kernel's cache. Only a machine crash would, and this cluster dies with the run.
SETTINGS = (
    "fsync=off",
    "full_page_writes=off",
    "max_connections=300",
    "shared_buffers=128MB",
    "listen_addresses='127.0.0.1'",
    "unix_socket_directories=''",
    "log_min_messages=warning",
)


class PostgresNodeError(RuntimeError):
    pass


def server_bin() -> Path:
    """The newest installed server's bin directory (Debian: /usr/lib/postgresql/<ver>/bin)."""
    versions = sorted(
        (p for p in PG_ROOT.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not versions:
        raise PostgresNodeError(
            f"no PostgreSQL server under {PG_ROOT} (apt-get install postgresql)"
        )
    return versions[-1]


class PostgresNode:
    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.data = root / "data"
        self.log_file = root / "postgres.log"
        self._bin = server_bin()

    def dsn(self, database: str = "dinner") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        self._give_to_server_user()
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n".join((f"port={self.port}", *SETTINGS)) + "\n")

    def start(self) -> None:
        self._ctl("start", "-w", "-t", "60", "-l", str(self.log_file))

    def restart(self, mode: str = "fast") -> None:
        """`fast` disconnects every client and shuts down cleanly; `immediate` is a crash."""
        self._ctl("restart", "-w", "-t", "60", "-m", mode, "-l", str(self.log_file))

    def stop(self, mode: str = "immediate") -> None:
        self._ctl("stop", "-w", "-t", "60", "-m", mode)

    def running(self) -> bool:
        done = subprocess.run(
            self._as_server_user("pg_ctl", "status", "-D", str(self.data)),
            capture_output=True,
            text=True,
        )
        return done.returncode == 0

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError as error:
            return f"(no log: {error})"

    def _ctl(self, *args: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), *args)

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            self._as_server_user(tool, *args), capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise PostgresNodeError(
                f"{tool} {' '.join(args)} exited {done.returncode}: {done.stderr or done.stdout}\n"
                f"{self.log_tail()}"
            )

    def _as_server_user(self, tool: str, *args: str) -> list[str]:
        command = [str(self._bin / tool), *args]
        if os.geteuid() == 0:
            return ["runuser", "-u", SERVER_USER, "--", *command]
        return command

    def _give_to_server_user(self) -> None:
        if os.geteuid() != 0:
            return
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise PostgresNodeError(f"no {SERVER_USER!r} user to run initdb as") from None
        for path in [self.root, *self.root.rglob("*")]:
            shutil.chown(path, SERVER_USER, SERVER_USER)


@contextmanager
def postgres_node() -> Iterator[PostgresNode]:
    """A fresh cluster, started; stopped and deleted on the way out."""
    root = Path(tempfile.mkdtemp(prefix="dinner-pg-"))
    node = PostgresNode(root, free_ports(1)[0])
    try:
        node.init()
        node.start()
        yield node
    finally:
        if node.running():
            try:
                node.stop()
            except PostgresNodeError:
                pass
        shutil.rmtree(root, ignore_errors=True)
