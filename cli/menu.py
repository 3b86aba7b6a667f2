"""`dinner menu seed`: the default catalogue, appended once to an empty menu."""

from __future__ import annotations

import asyncio

import typer
from rich.console import Console

from bootstrap import Needs, open_services
from dinner.clock import SystemClock
from dinner.settings import Settings
from service_layer.seeding import seed_menu

app = typer.Typer(no_args_is_help=True, help="The menu.")
console = Console()


async def _seed(settings: Settings) -> int:
    async with open_services(settings, Needs.COMMANDS) as services:
        return await seed_menu(services.commands, SystemClock().now())


@app.command()
def seed() -> None:
    """Seed the default menu when the menu stream is empty."""
    added = asyncio.run(_seed(Settings()))
    console.print(f"menu seeded with {added} items" if added else "menu already seeded")
