"""`dinner db`: create the database when missing and apply every migration."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import typer
from rich.console import Console

from dinner.migrate import EVENT_STORE, READ_SIDE, upgrade
from dinner.settings import Settings

app = typer.Typer(no_args_is_help=True, help="Database set-up.")
console = Console()


async def create_database_if_missing(dsn: str) -> bool:
    parts = urlsplit(dsn)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    connection = await asyncpg.connect(maintenance)
    try:
        if await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return False
        await connection.execute(f'CREATE DATABASE "{name}"')
        return True
    finally:
        await connection.close()


async def _migrate(settings: Settings) -> None:
    targets = [(READ_SIDE, settings.database_url)]
    if settings.event_store_url.startswith("postgres"):
        targets.insert(0, (EVENT_STORE, settings.event_store_url))
    for package, url in targets:
        if await create_database_if_missing(url):
            console.print(f"created database [bold]{urlsplit(url).path.lstrip('/')}[/bold]")
        await upgrade(package, url, settings.database_schema)
    console.print("migrations applied")


@app.command()
def migrate() -> None:
    """Create the database if needed and bring every schema to the latest migration."""
    asyncio.run(_migrate(Settings()))
