"""The whole system as real processes on free ports, one schema and vhost of its own."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from api_common.auth import Role, mint_token
from dinner.settings import Settings
from tests.support.apps import TEST_SECRET
from tests.support.processes import environment, spawn, terminate


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class System:
    command_url: str
    query_url: str
    settings: Settings
    log: Path

    def auth(self, sub: str, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(sub, role)}"}

    def token(self, sub: str, role: Role) -> str:
        return mint_token(self.settings, sub, role)


async def wait_ready(url: str, log: Path, timeout: float = 60.0) -> None:
    async with httpx.AsyncClient() as client:
        try:
            async with asyncio.timeout(timeout):
                while True:
                    with contextlib.suppress(httpx.TransportError):
                        if (await client.get(f"{url}/ready")).status_code == 200:
                            return
                    await asyncio.sleep(0.1)
        except TimeoutError:
            raise AssertionError(log.read_text()) from None


@contextlib.asynccontextmanager
async def running_system(
    schema: str, amqp_url: str, log: Path, media: Path, extra: tuple[tuple[str, ...], ...] = ()
) -> AsyncIterator[System]:
    command_port, query_port = free_port(), free_port()
    env = {**environment(schema, amqp_url), "JWT_SECRET": TEST_SECRET, "MEDIA_DIR": str(media)}
    commands = [
        ("cli", "command-api", "--port", str(command_port)),
        ("cli", "query-api", "--port", str(query_port)),
        ("cli", "relay"),
        ("cli", "notifications"),
        ("cli", "projections", "run"),
        *extra,
    ]
    children: list[subprocess.Popen[bytes]] = [spawn(list(args), env, log) for args in commands]
    system = System(
        f"http://127.0.0.1:{command_port}",
        f"http://127.0.0.1:{query_port}",
        Settings(jwt_secret=TEST_SECRET),
        log,
    )
    try:
        await wait_ready(system.command_url, log)
        await wait_ready(system.query_url, log)
        yield system
    finally:
        await asyncio.gather(*(terminate(child) for child in children))
