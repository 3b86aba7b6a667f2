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

PROCESSES = [
    ProcessSpec("command-api", ("command-api",)),
    ProcessSpec("relay", ("relay",)),
    ProcessSpec("notifications", ("notifications",)),
    ProcessSpec("projector", ("projections", "run")),
]


def _configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


def _serve(factory: str, host: str, port: int, workers: int) -> None:
    _configure_logging()
    Settings()  # a malformed environment fails here, before any worker starts
    uvicorn.run(
        factory,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        access_log=False,
        log_level="info",
    )


Workers = Annotated[int, typer.Option(min=1, help="Processes serving requests.")]


def command_api(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Workers = 1,
) -> None:
    """Serve the command API."""
    _serve("command_api.app:app_from_environment", host, port, workers)


def relay() -> None:
    """Publish the event store's log to RabbitMQ (one active relay; others stand by)."""
    from rabbitmq.relay_process import main

    _configure_logging()
    main(Settings())


def notifications() -> None:
    """Push order and voice-order events to Redis for the live WebSockets."""
    from consumers.notifications import main

    _configure_logging()
    main(Settings())


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
