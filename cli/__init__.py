"""`dinner`: the single entry point for every process and tool of the system."""

from __future__ import annotations

import typer

from cli import (
    ai,
    audit,
    bench,
    chaos,
    database,
    dlq,
    menu,
    openapi,
    privacy,
    projections,
    rabbitmq,
    schemas,
    serve,
    tokens,
    users,
    web,
)

app = typer.Typer(no_args_is_help=True, help="Dinner Service: processes and tools.")
app.add_typer(database.app, name="db")
app.add_typer(menu.app, name="menu")
app.add_typer(users.app, name="users")
app.add_typer(schemas.app, name="schemas")
app.add_typer(dlq.app, name="dlq")
app.add_typer(rabbitmq.app, name="rabbitmq")
app.add_typer(projections.app, name="projections")
app.add_typer(audit.app, name="audit")
app.add_typer(privacy.app, name="privacy")
app.add_typer(ai.app, name="ai")
app.add_typer(bench.app, name="bench")
app.add_typer(openapi.app, name="openapi")
app.command("token")(tokens.token)
app.command("command-api")(serve.command_api)
app.command("query-api")(serve.query_api)
app.command("ai-worker")(serve.ai_worker)
app.command("relay")(serve.relay)
app.command("notifications")(serve.notifications)
app.command("run")(serve.run_all)
app.command("chaos")(chaos.chaos)
app.command("web")(web.web)


def main() -> None:
    app()
