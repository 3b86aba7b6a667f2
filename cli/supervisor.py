"""Runs every process of the system in the foreground, as `make run` wants it.

Each child is a `python -m dinner …` command; its output is prefixed with its name. A child
that dies is restarted with a growing delay. SIGINT or SIGTERM stops them all: SIGTERM first,
SIGKILL for any still running after the grace period.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

GRACE_SECONDS = 10.0
MAX_RESTART_DELAY = 30.0
# A child that ran this long was not crash-looping: its next restart is quick again. Processes
# exit on purpose when the broker goes away, so a broker restart a day later must not wait 30 s.
STABLE_SECONDS = 60.0
COLOURS = ["cyan", "magenta", "green", "yellow", "blue", "red"]


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    args: tuple[str, ...]


class Supervisor:
    def __init__(self, specs: Sequence[ProcessSpec], console: Console) -> None:
        self._specs = specs
        self._console = console
        self._stopping = asyncio.Event()
        self._children: dict[str, asyncio.subprocess.Process] = {}

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self._stopping.set)
        keepers = [
            asyncio.create_task(self._keep_running(spec, COLOURS[i % len(COLOURS)]))
            for i, spec in enumerate(self._specs)
        ]
        await self._stopping.wait()
        self._console.print("[bold]stopping every process…[/bold]")
        await self._stop_children()
        for keeper in keepers:
            keeper.cancel()
        await asyncio.gather(*keepers, return_exceptions=True)

    async def _keep_running(self, spec: ProcessSpec, colour: str) -> None:
        delay = 1.0
        while not self._stopping.is_set():
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "cli",
                *spec.args,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            self._children[spec.name] = process
            started = asyncio.get_running_loop().time()
            assert process.stdout is not None
            await self._relay_output(spec.name, colour, process.stdout)
            code = await process.wait()
            if self._stopping.is_set():
                return
            if asyncio.get_running_loop().time() - started > STABLE_SECONDS:
                delay = 1.0
            self._console.print(f"[red]{spec.name} exited ({code}); restarting in {delay:.0f}s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)
            delay = min(delay * 2, MAX_RESTART_DELAY)

    async def _relay_output(self, name: str, colour: str, stream: asyncio.StreamReader) -> None:
        async for raw in stream:
            line = raw.decode(errors="replace").rstrip()
            self._console.print(
                Text.assemble((f"{name:>13} ", colour), line), highlight=False, soft_wrap=True
            )

    async def _stop_children(self) -> None:
        running = [p for p in self._children.values() if p.returncode is None]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        try:
            await asyncio.wait_for(asyncio.gather(*(p.wait() for p in running)), GRACE_SECONDS)
        except TimeoutError:
            for process in running:
                if process.returncode is None:
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
