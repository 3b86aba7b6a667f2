"""The system's processes under the chaos run: kept running, and killed with SIGKILL on demand.

Each is a real `python -m dinner …` child. A keeper restarts it whenever it exits, whether the
run killed it or it gave up by itself (a process may exit when its broker or database goes
away; restarting it is the supervisor's job in production, the keeper's here).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

RESTART_DELAY = 0.2
MAX_RESTART_DELAY = 2.0
# A process that ran this long before exiting was not crash-looping: restart at once again.
STABLE_SECONDS = 10.0
STOP_GRACE = 15.0


@dataclass
class Tally:
    started: int = 0
    killed: int = 0
    exited_by_itself: int = 0
    exit_codes: list[int] = field(default_factory=list)


class KeptProcess:
    def __init__(self, name: str, args: tuple[str, ...], env: dict[str, str], log: Path) -> None:
        self.name = name
        self._args = args
        self._env = env
        self._log = log
        self._child: subprocess.Popen[bytes] | None = None
        self._stopping = False
        self._killing = False
        self._keeper: asyncio.Task[None] | None = None
        self.tally = Tally()

    def start(self) -> None:
        self._keeper = asyncio.create_task(self._keep())

    def kill(self) -> bool:
        """SIGKILL the running child; the keeper starts a new one. False if none was running."""
        child = self._child
        if child is None or child.poll() is not None:
            return False
        self._killing = True
        child.send_signal(signal.SIGKILL)
        self.tally.killed += 1
        return True

    async def stop(self) -> None:
        self._stopping = True
        child = self._child
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                await _wait(child, STOP_GRACE)
            except TimeoutError:
                child.kill()
                await _wait(child, 5)
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper

    async def _keep(self) -> None:
        delay = RESTART_DELAY
        loop = asyncio.get_running_loop()
        while not self._stopping:
            with self._log.open("ab") as output:
                self._child = subprocess.Popen(
                    [sys.executable, "-m", "cli", *self._args],
                    env=self._env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            self.tally.started += 1
            began = loop.time()
            code = await _wait(self._child, None)
            if self._stopping:
                return
            if self._killing:
                self._killing = False
            else:
                self.tally.exited_by_itself += 1
                self.tally.exit_codes.append(code)
            delay = RESTART_DELAY if loop.time() - began > STABLE_SECONDS else delay
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_RESTART_DELAY)


async def _wait(child: subprocess.Popen[bytes], timeout: float | None) -> int:
    async with asyncio.timeout(timeout):
        while (code := child.poll()) is None:
            await asyncio.sleep(0.05)
    return code
