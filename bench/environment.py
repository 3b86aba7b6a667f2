"""What a figure was measured on: machine, service versions, package versions and commit.

Synchronous on purpose (psycopg, httpx) so it can be called from inside or outside an event
loop; a service that does not answer is left out rather than failing the run.
"""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from urllib.parse import urlsplit

import httpx
import psycopg

from bench.common import AMQP_SERVER, PG_SERVER
from bench.section import REPOSITORY

PACKAGES = (
    "asyncpg", "aio-pika", "fastapi", "uvicorn", "pydantic", "sqlalchemy", "orjson",
    "eventsourcing", "psycopg", "faster-whisper", "llama-cpp-python",
)  # fmt: skip


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory() -> str:
    try:
        with open("/proc/meminfo") as info:
            kib = int(info.readline().split()[1])
        return f"{kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=REPOSITORY, capture_output=True, text=True, timeout=10
        )
        return done.stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}{' with local changes' if dirty else ''}" if head else "unknown"


def postgres() -> str | None:
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=5) as connection:
            settings = dict(
                connection.execute(
                    "SELECT name, setting FROM pg_settings WHERE name IN"
                    " ('server_version', 'fsync', 'synchronous_commit')"
                ).fetchall()
            )
    except psycopg.Error:
        return None
    return (
        f"{settings.get('server_version', '?')} (fsync {settings.get('fsync', '?')},"
        f" synchronous_commit {settings.get('synchronous_commit', '?')})"
    )


def rabbitmq() -> str | None:
    parts = urlsplit(AMQP_SERVER)
    url = f"http://{parts.hostname or 'localhost'}:15672/api/overview"
    try:
        response = httpx.get(
            url, auth=(parts.username or "guest", parts.password or "guest"), timeout=5
        )
        response.raise_for_status()
    except httpx.HTTPError:
        return None
    overview = response.json()
    return f"{overview.get('rabbitmq_version', '?')} (Erlang {overview.get('erlang_version', '?')})"


def describe() -> dict[str, str]:
    found = {
        "cores": str(os.cpu_count() or "unknown"),
        "cpu": cpu_model(),
        "memory": memory(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgresql": postgres(),
        "rabbitmq": rabbitmq(),
        "commit": commit(),
    }
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return {key: value for key, value in found.items() if value}
