"""`dinner web`: the web app (web/, Next.js) on port 3000, installed and built when needed.

It forwards /api and /ws to the two APIs as Caddy does (web/src/proxy.ts), so a browser needs
only http://localhost:3000. `npm ci` runs when web/package-lock.json is newer than the
installed packages, `next build` when any source is newer than the last build; then the
process becomes the Next.js server (`next start`), so the supervisor's signals reach it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from cli.supervisor import ProcessSpec
from cli.users import DEMO_PASSWORD, demo_email
from schemas.vocabulary import USER_ROLES

WEB = Path(__file__).resolve().parents[1] / "web"
BUILD_INPUTS = ("src", "public", "next.config.ts", "package-lock.json", "tsconfig.json")
GET_NODE = (
    "The web app needs Node.js 20.19 or later with npm (https://nodejs.org, or the nodesource "
    "packages); the APIs run without it."
)


def node_available() -> bool:
    return shutil.which("node") is not None and shutil.which("npm") is not None and WEB.is_dir()


def _newest(paths: Iterable[Path]) -> float:
    newest = 0.0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        newest = max([newest, *(f.stat().st_mtime for f in files if f.is_file())])
    return newest


def _older_than(marker: Path, inputs: Iterable[Path]) -> bool:
    return not marker.exists() or marker.stat().st_mtime < _newest(inputs)


def packages_stale() -> bool:
    return _older_than(WEB / "node_modules" / ".package-lock.json", [WEB / "package-lock.json"])


def build_stale() -> bool:
    return _older_than(WEB / ".next" / "BUILD_ID", (WEB / name for name in BUILD_INPUTS))


def _run(*command: str) -> None:
    typer.echo(f"web: {' '.join(command)}")
    subprocess.run(command, cwd=WEB, check=True)


def prepare() -> None:
    """Install and build what is out of date."""
    if packages_stale():
        _run("npm", "ci", "--no-audit", "--no-fund")
    if build_stale():
        _run("npx", "next", "build")


def web(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 3000,
    command_api: Annotated[str, typer.Option(envvar="COMMAND_API_URL")] = "http://127.0.0.1:8000",
    query_api: Annotated[str, typer.Option(envvar="QUERY_API_URL")] = "http://127.0.0.1:8002",
) -> None:
    """Serve the web app: /customer and /admin (installs and builds it first if needed)."""
    if not node_available():
        typer.echo(GET_NODE, err=True)
        raise typer.Exit(1)
    prepare()
    env = {
        **os.environ,
        "COMMAND_API_URL": command_api,
        "QUERY_API_URL": query_api,
        "NEXT_TELEMETRY_DISABLED": "1",
    }
    os.chdir(WEB)
    # Node itself, not npx: npx would stay between the supervisor and the server, and a
    # SIGTERM to it would leave the server running.
    node = shutil.which("node") or "node"
    next_cli = str(WEB / "node_modules" / "next" / "dist" / "bin" / "next")
    os.execvpe(node, [node, next_cli, "start", "--hostname", host, "--port", str(port)], env)


def with_web(processes: list[ProcessSpec]) -> list[ProcessSpec]:
    """`dinner run`'s processes, and the web app's where Node.js is installed."""
    return [*processes, ProcessSpec("web", ("web",))] if node_available() else processes


def banner() -> str:
    """What `dinner run` prints about the web app: where it is and who may sign in."""
    if not node_available():
        return f"web app      not started. {GET_NODE}"
    accounts = "\n".join(
        f"  {role:<9} {demo_email(role):<22} {DEMO_PASSWORD.format(role=role)}"
        for role in USER_ROLES
    )
    return (
        "web app      http://localhost:3000/customer   (customers)\n"
        "             http://localhost:3000/admin      (staff, admins, auditors)\n"
        "             the first start installs and builds it (a minute or two)\n"
        f"demo accounts (local mode; `dinner users demo` makes them):\n{accounts}"
    )
