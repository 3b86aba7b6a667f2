"""Long-running processes: each API on its own, or every process under one supervisor."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.panel import Panel

from cli import web
from cli.supervisor import ProcessSpec, Supervisor
from dinner.logs import configure_logging
from dinner.settings import Settings

PROCESSES = [
    ProcessSpec("command-api", ("command-api",)),
    ProcessSpec("query-api", ("query-api",)),
    ProcessSpec("relay", ("relay",)),
    ProcessSpec("notifications", ("notifications",)),
    ProcessSpec("projector", ("projections", "run")),
    ProcessSpec("ai-worker", ("ai-worker",)),
]


def _configure_logging() -> None:
    configure_logging()


def _serve(factory: str, host: str, port: int, workers: int) -> None:
    _configure_logging()
    Settings()  # a malformed environment fails here, before any worker starts
    uvicorn.run(
        factory,
        factory=True,
        log_config=None,  # keep the scrubbing handlers set up above
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


def query_api(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8002,
    workers: Workers = 1,
) -> None:
    """Serve the query API (read models, read-your-writes, WebSockets)."""
    _serve("query_api.app:app_from_environment", host, port, workers)


def ai_worker() -> None:
    """Consume the AI queues (speech, language, images); health on port 8001."""
    from ai_worker.process import main

    _configure_logging()
    main(Settings())


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
            "query API    http://127.0.0.1:8002/docs\n"
            "WebSockets   ws://127.0.0.1:8002/ws/orders/{id}?token=…, /ws/dashboard\n"
            "AI worker    http://127.0.0.1:8001/health\n"
            "sign in:     POST http://127.0.0.1:8000/api/auth/login {email, password}\n"
            "             demo accounts: .venv/bin/dinner users demo (one per role)\n"
            "a token:     .venv/bin/dinner token --sub alice --role customer\n"
            "             (roles: customer, staff, admin, auditor)\n"
            "stop:        Ctrl-C",
            title="Dinner Service",
        )
    )
    console.print(web.banner())
    asyncio.run(Supervisor(web.with_web(PROCESSES), console).run())
