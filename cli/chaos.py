"""`dinner chaos`: the whole system under load while its processes, broker and database fail."""

from __future__ import annotations

import asyncio
import logging
import random
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dinner.settings import Settings


def chaos(
    commands: Annotated[int, typer.Option(min=1, help="Commands to send.")] = 10_000,
    clients: Annotated[int, typer.Option(min=1, help="Concurrent HTTP clients.")] = 48,
    seed: Annotated[int | None, typer.Option(help="Seed for the load and the faults.")] = None,
    fault_every: Annotated[
        tuple[float, float], typer.Option(help="Seconds between faults: low and high bound.")
    ] = (2.0, 6.0),
    log_dir: Annotated[Path | None, typer.Option(help="Where the processes' logs go.")] = None,
) -> None:
    """Kill and restart every part of the system at random under load; check nothing is lost.

    Runs the real processes on a private PostgreSQL and RabbitMQ node (needs root, or the
    postgres and rabbitmq users) and the configured Redis under a key prefix of its own.
    Exits 1 if any invariant fails.
    """
    try:
        from harness.chaos.report import passed, print_report
        from harness.chaos.run import ChaosConfig, chaos_run
    except ModuleNotFoundError as error:
        if error.name != "harness":
            raise
        Console().print("[red]The chaos harness comes with a development install only.[/]")
        raise typer.Exit(2) from None

    logging.basicConfig(level=logging.WARNING)
    config = ChaosConfig(
        commands=commands,
        clients=clients,
        seed=random.randrange(2**31) if seed is None else seed,
        fault_interval=fault_every,
        redis_url=Settings().redis_url,
        log_dir=log_dir,
    )
    console = Console()
    console.print(f"chaos run: {commands} commands from {clients} clients, seed {config.seed}")
    result = asyncio.run(chaos_run(config))
    print_report(result, console)
    if not passed(result):
        raise typer.Exit(1)
