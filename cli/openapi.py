"""`dinner openapi export`: the two APIs' OpenAPI documents, which the web app's types come from.

The apps are built in process and never started, so nothing is connected: the documents are
what each API would serve at `/openapi.json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from dinner.settings import Settings

app = typer.Typer(no_args_is_help=True, help="OpenAPI documents of the command and query APIs.")


def documents(settings: Settings) -> dict[str, dict[str, Any]]:
    """Each API's document by the file name the web app keeps it under."""
    from command_api.app import create_app as command_app
    from query_api.app import create_app as query_app

    return {
        "command.openapi.json": command_app(settings).openapi(),
        "query.openapi.json": query_app(settings).openapi(),
    }


def render(document: dict[str, Any]) -> str:
    # Sorted keys and a final newline: the same API always gives the same bytes, so a diff
    # of the generated files shows a change of contract and nothing else.
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="Folder to write the two documents into.")] = Path(
        "web/src/lib/api"
    ),
) -> None:
    """Write command.openapi.json and query.openapi.json into OUT."""
    out.mkdir(parents=True, exist_ok=True)
    for name, document in documents(Settings()).items():
        (out / name).write_text(render(document))
    typer.echo(f"wrote command.openapi.json and query.openapi.json to {out}")
