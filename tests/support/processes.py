"""Real processes of the system, started and killed by the crash tests."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.support.services import PG_DSN, REDIS_URL

REPOSITORY = Path(__file__).resolve().parents[2]


def environment(schema: str, amqp_url: str, faults: str = "") -> dict[str, str]:
    return {
        **os.environ,
        "EVENT_STORE_URL": PG_DSN,
        "DATABASE_URL": PG_DSN,
        "DATABASE_SCHEMA": schema,
        "RABBITMQ_URL": amqp_url,
        "DINNER_FAULTS": faults,
        "ENVIRONMENT": "test",
        "REDIS_URL": REDIS_URL,
        "REDIS_PREFIX": f"test:{schema}:",
    }


def spawn(module_args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", *module_args],
            cwd=REPOSITORY,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


async def wait_for_exit(process: subprocess.Popen[bytes], timeout: float = 30.0) -> int:
    async with asyncio.timeout(timeout):
        while (code := process.poll()) is None:
            await asyncio.sleep(0.05)
    return code


async def terminate(process: subprocess.Popen[bytes], timeout: float = 30.0) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return await wait_for_exit(process, timeout)
    except TimeoutError:
        process.kill()
        return await wait_for_exit(process, 5)
