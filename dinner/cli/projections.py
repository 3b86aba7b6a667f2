"""`dinner projections`: run the projector, or rebuild read models from the event store."""

from __future__ import annotations

import logging

import typer

from dinner.settings import Settings

app = typer.Typer(no_args_is_help=True, help="Read models.")


@app.command()
def run() -> None:
    """Keep the read models up to date from the `projections` queue."""
    from projections.process import main

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    main(Settings())
