"""`dinner schemas export`: JSON-Schema of every event, command and the envelope."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schemas.export import export_json_schemas

app = typer.Typer(no_args_is_help=True, help="Event and command schemas.")


@app.command("export")
def export(
    out: Annotated[Path, typer.Option(help="Folder to write the schema files into.")] = Path(
        "build/schemas"
    ),
) -> None:
    """Write one JSON-Schema file per event type and version, command, and the envelope."""
    written = export_json_schemas(out)
    typer.echo(f"wrote {len(written)} schema files to {out}")
