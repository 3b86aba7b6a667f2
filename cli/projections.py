"""`dinner projections`: run the projector, or rebuild read models from the event store."""

from __future__ import annotations

from typing import Annotated

import typer

from dinner.logs import configure_logging
from dinner.settings import Settings

app = typer.Typer(no_args_is_help=True, help="Read models.")


@app.command()
def run() -> None:
    """Keep the read models up to date from the `projections` queue."""
    from projections.process import main

    configure_logging()
    main(Settings())


async def _rebuild(settings: Settings, names: list[str], fresh: bool) -> None:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )
    from sqlalchemy import text

    from bootstrap import Needs, open_services
    from projections.rebuild import Rebuild, side_schema
    from projections.registry import read_models

    models = read_models(names)
    async with open_services(settings, Needs.EVENT_STORE | Needs.KEYS | Needs.SQL) as services:
        if fresh:
            async with services.sql.begin() as connection:
                schema = side_schema(settings.database_schema)
                await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        head = await services.store.head_position()
        rebuild = Rebuild(
            services.sql,
            services.store,
            schema=settings.database_schema,
            models=models,
            personal=services.personal,
        )
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>9,.0f} events/s"),
            TimeRemainingColumn(),
        )
        with Progress(*columns) as bar:
            label = "rebuilding " + ", ".join(m.name for m in models)
            task = bar.add_task(label, total=head, rate=0.0)

            def advanced(applied: int, position: int) -> None:
                elapsed = bar.tasks[0].elapsed or 1e-9
                bar.update(task, completed=min(position, head), rate=applied / elapsed)

            result = await rebuild.run(advanced)
        Console().print(
            f"rebuilt {', '.join(result.tables)} from {result.events:,} events "
            f"(up to position {result.position:,}) and swapped them in"
        )


@app.command()
def rebuild(
    names: Annotated[
        list[str] | None, typer.Argument(help="Read models; all when omitted.")
    ] = None,
    fresh: Annotated[bool, typer.Option(help="Discard an interrupted rebuild's progress.")] = False,
) -> None:
    """Rebuild read models from the event store beside the live ones, then swap them in."""
    import asyncio

    asyncio.run(_rebuild(Settings(), names or [], fresh))
