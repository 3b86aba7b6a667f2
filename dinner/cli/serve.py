"""Long-running processes: each API on its own, or every process under one supervisor."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.panel import Panel

from dinner.settings import Settings
from dinner.supervisor import ProcessSpec, Supervisor

PROCESSES = [ProcessSpec("command-api", ("command-api",))]


def _serve(app: object, host: str, port: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    uvicorn.run(app, host=host, port=port, loop="uvloop", access_log=False, log_level="info")  # type: ignore[arg-type]


def command_api(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
) -> None:
    """Serve the command API."""
    from command_api.app import create_app

    _serve(create_app(Settings()), host, port)


def run_all() -> None:
    """Run every process of the system in the foreground until Ctrl-C."""
    Settings()  # a malformed environment fails here, not in every child
    console = Console()
    console.print(
        Panel.fit(
            "command API  http://127.0.0.1:8000/docs\n"
            "a token:     .venv/bin/dinner token --sub alice --role customer\n"
            "             (roles: customer, staff, admin, auditor)\n"
            "stop:        Ctrl-C",
            title="Dinner Service",
        )
    )
    asyncio.run(Supervisor(PROCESSES, console).run())
