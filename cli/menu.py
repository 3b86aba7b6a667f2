"""`dinner menu seed`: the default catalogue, appended once to an empty menu."""

from __future__ import annotations

import asyncio

import typer
from rich.console import Console

from command_api.seeding import seed_menu
from dinner.bootstrap import open_event_store
from dinner.clock import SystemClock
from dinner.settings import Settings

app = typer.Typer(no_args_is_help=True, help="The menu.")
console = Console()


async def _seed(settings: Settings) -> int:
    store = await open_event_store(settings)
    try:
        return await seed_menu(store, SystemClock().now())
    finally:
        await store.close()


@app.command()
def seed() -> None:
    """Seed the default menu when the menu stream is empty."""
    added = asyncio.run(_seed(Settings()))
    console.print(f"menu seeded with {added} items" if added else "menu already seeded")
