"""`dinner privacy forget|rotate-key|rewrap`: crypto-shredding and key rotation.

See docs/privacy.md: forgetting destroys a customer's keys (their personal data then reads
"[redacted]" everywhere), rotate-key gives a customer a new key for new events, rewrap moves
every key to the current master key after PRIVACY_MASTER_KEY changed.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bootstrap import Needs, open_services
from dinner.settings import Settings
from privacy.forget import Forgotten, RebuildRunning
from privacy.keys import DataKey

app = typer.Typer(no_args_is_help=True, help="Personal data: forget customers, rotate keys.")
console = Console()
Customer = Annotated[str, typer.Argument(help="The customer's user id (the token's `sub`).")]


async def _forget(settings: Settings, customer_id: str) -> Forgotten:
    async with open_services(settings, Needs.FORGETTING, sql_pool_size=2) as services:
        return await services.forgetting().forget(customer_id)


@app.command()
def forget(
    customer: Customer,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Destroy the customer's keys, re-project their rows, delete their voice recordings."""
    if not yes:
        typer.confirm(
            f"Forget {customer}? Their personal data can never be read again.", abort=True
        )
    try:
        done = asyncio.run(_forget(Settings(), customer))
    except RebuildRunning as running:
        console.print(f"[red]{running}[/red]")
        raise typer.Exit(1) from None
    table = Table("customer", "keys destroyed", "streams re-projected", "recordings deleted")
    table.add_row(
        escape(done.customer_id),
        str(done.keys_destroyed),
        str(done.streams_reprojected),
        str(done.recordings_deleted),
    )
    console.print(table)


async def _rotate(settings: Settings, customer_id: str) -> DataKey:
    async with open_services(settings, Needs.KEYS) as services:
        return await services.key_admin.rotate(customer_id)


@app.command("rotate-key")
def rotate_key(customer: Customer) -> None:
    """Give the customer a new key for new events; older events keep their older keys."""
    key = asyncio.run(_rotate(Settings(), customer))
    console.print(f"{escape(customer)} now seals new events with key {key.key_id}")


async def _rewrap(settings: Settings) -> int:
    async with open_services(settings, Needs.KEYS) as services:
        return await services.key_admin.rewrap()


@app.command()
def rewrap() -> None:
    """Re-wrap every key under PRIVACY_MASTER_KEY (previous ones in
    PRIVACY_PREVIOUS_MASTER_KEYS); afterwards the previous master keys can be dropped."""
    moved = asyncio.run(_rewrap(Settings()))
    console.print(f"re-wrapped {moved} keys under the current master key")
