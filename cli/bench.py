"""`dinner bench`: the benchmarks, each beside a raw baseline, and the report BENCHMARKS.md.

Every benchmark stores its section in `bench/results/<name>.json` and the report is rendered
from all of them, so running one benchmark refreshes its own figures and keeps the others.
"""

from __future__ import annotations

import importlib
import os
import shlex
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer
from rich.console import Console

app = typer.Typer(
    no_args_is_help=True,
    help="Benchmarks beside raw baselines; results go into BENCHMARKS.md. Run from the "
    "repository root.",
)
console = Console() if sys.stdout.isatty() else Console(width=200)  # piped: room for tables

# Benchmark → the module under bench/ whose `run(command, plots, **options)` makes its section.
MODULES = {
    "command-api": "command_api",
    "relay": "relay",
    "end-to-end": "end_to_end",
    "rebuild": "rebuild_section",
    "export": "export",
    "voice": "voice_section",
    "peer": "peer",
    "auth": "auth",
}
# Settings that change what a benchmark measures; a recorded command carries those that are set.
ENVIRONMENT = ("BENCH_PG_SERVER", "BENCH_RABBITMQ_URL", "BENCH_REBUILD_CHUNK", "MODEL_CACHE_DIR")


# Where results, plots and the report go; `--out` moves all three (smoke runs, CI).
_out: list[Path] = []


@app.callback()
def options(
    out: Annotated[
        Path | None,
        typer.Option(help="Write results, plots and the report under this folder instead."),
    ] = None,
) -> None:
    """Benchmarks beside raw baselines; results go into BENCHMARKS.md."""
    _out[:] = [out] if out else []


def _bench(module: str) -> ModuleType:
    """`bench.<module>`, imported only when asked for: the product does not depend on it."""
    try:
        return importlib.import_module(f"bench.{module}")
    except ModuleNotFoundError as error:
        if error.name != "bench":
            raise
    console.print(
        "[red]The benchmarks are tooling of a checkout (bench/), not part of an installed "
        "product: run `dinner bench` from a development install (`make install`).[/]"
    )
    raise typer.Exit(2)


def command_line(name: str, options: dict[str, Any]) -> str:
    """The command that repeats a run exactly: every option spelt out, defaults included."""
    parts = [f"{key}={os.environ[key]}" for key in ENVIRONMENT if key in os.environ]
    parts += ["dinner", "bench", name]
    for key, value in options.items():
        for item in value if isinstance(value, list) else [value]:
            parts += [f"--{key.replace('_', '-')}", str(item)]
    return shlex.join(parts)


def _measure(name: str, **options: Any) -> None:
    sections = _bench("section")
    command = command_line(name, options)
    console.rule(command)
    plots = _out[0] / "plots" if _out else sections.PLOTS
    result = _bench(MODULES[name]).run(command, plots, **options)
    saved = sections.save(result, _out[0] / "results" if _out else sections.RESULTS)
    _bench("render").print_section(result, console)
    console.print(f"saved {saved}")


def _report() -> None:
    render = _bench("render")
    if _out:
        written = render.write_report(_out[0] / "results", _out[0] / "BENCHMARKS.md")
    else:
        written = render.write_report()
    console.print(f"wrote {written}")


def _one(name: str, **options: Any) -> None:
    _measure(name, **options)
    _report()


@app.command("command-api")
def command_api(
    requests: Annotated[int, typer.Option(help="Calls per closed-loop run.")] = 3000,
    concurrency: Annotated[list[int] | None, typer.Option(help="Repeat; default 1 8 32.")] = None,
    paced_seconds: Annotated[float, typer.Option(help="Length of the open-loop run.")] = 10.0,
    workers: Annotated[int, typer.Option(help="uvicorn workers.")] = 1,
) -> None:
    """POST /api/orders beside raw asyncpg transactions, closed loop and paced."""
    _one(
        "command-api",
        requests=requests,
        concurrency=concurrency or [1, 8, 32],
        paced_seconds=paced_seconds,
        workers=workers,
    )


@app.command()
def relay(
    events: Annotated[int, typer.Option(help="Events in the store to relay and consume.")] = 20_000,
    rate: Annotated[float, typer.Option(help="Appends per second for the latency run.")] = 200.0,
    seconds: Annotated[float, typer.Option(help="Length of the latency run.")] = 10.0,
) -> None:
    """Relay and consumers beside raw aio-pika publishes and consumes."""
    _one("relay", events=events, rate=rate, seconds=seconds)


@app.command("end-to-end")
def end_to_end(
    rate: Annotated[float, typer.Option(help="Commands per second.")] = 200.0,
    seconds: Annotated[float, typer.Option(help="Length of the lag run.")] = 10.0,
    burst: Annotated[int, typer.Option(help="Backlog events for the catch-up run.")] = 20_000,
) -> None:
    """Command → read-model lag with the real processes, and backlog catch-up."""
    _one("end-to-end", rate=rate, seconds=seconds, burst=burst)


@app.command()
def rebuild(
    events: Annotated[int, typer.Option(help="Events in the history.")] = 1_000_000,
) -> None:
    """Rebuild of every read model beside a raw COPY of the same rows."""
    _one("rebuild", events=events)


@app.command()
def export(
    events: Annotated[int, typer.Option(help="Events in the history.")] = 1_000_000,
) -> None:
    """`dinner audit export` and `verify` beside a raw COPY TO STDOUT."""
    _one("export", events=events)


@app.command()
def voice(
    stt: Annotated[list[str] | None, typer.Option(help="Repeat; default tiny.en base.")] = None,
    llm: Annotated[list[str] | None, typer.Option(help="Repeat; default LLM_MODEL.")] = None,
    orders: Annotated[
        str, typer.Option(help="Evaluation set; bench/voice_orders_holdout.json is never tuned on.")
    ] = "bench/voice_orders.json",
) -> None:
    """Synthesised voice orders through STT and the interpreter, beside the written text."""
    from dinner.settings import Settings

    _one("voice", stt=stt or ["tiny.en", "base"], llm=llm or [Settings().llm_model], orders=orders)


@app.command()
def peer(
    streams: Annotated[int, typer.Option(help="Streams per run.")] = 1000,
    events: Annotated[int, typer.Option(help="Events per stream.")] = 10,
    concurrency: Annotated[list[int] | None, typer.Option(help="Repeat; default 1 8.")] = None,
) -> None:
    """Appends through this event store and the eventsourcing library, beside raw inserts."""
    _one("peer", streams=streams, events=events, concurrency=concurrency or [1, 8])


@app.command()
def auth(
    logins: Annotated[int, typer.Option(help="Sign-ins per closed-loop run.")] = 120,
    concurrency: Annotated[list[int] | None, typer.Option(help="Repeat; default 1 4.")] = None,
    requests: Annotated[int, typer.Option(help="Signed-in requests per run.")] = 3000,
    request_concurrency: Annotated[int, typer.Option(help="For the signed-in requests.")] = 16,
) -> None:
    """Sign-in (argon2id) beside a raw verify, and a signed-in request beside a token check."""
    _one(
        "auth",
        logins=logins,
        concurrency=concurrency or [1, 4],
        requests=requests,
        request_concurrency=request_concurrency,
    )


# Called with no arguments, each runs at its full-size defaults.
COMMANDS: dict[str, Callable[[], None]] = {
    "command-api": command_api, "relay": relay, "end-to-end": end_to_end, "rebuild": rebuild,
    "export": export, "voice": voice, "peer": peer, "auth": auth,
}  # fmt: skip


@app.command("all")
def run_all(
    only: Annotated[list[str] | None, typer.Option(help="Repeat; default every benchmark.")] = None,
    skip: Annotated[list[str] | None, typer.Option(help="Repeat to leave one out.")] = None,
) -> None:
    """Run the chosen benchmarks at full size, one after another, then write the report."""
    chosen = [name for name in (only or list(MODULES)) if name not in (skip or [])]
    unknown = [name for name in chosen if name not in MODULES]
    if unknown:
        raise typer.BadParameter(f"unknown {unknown}; choose from {', '.join(MODULES)}")
    failed = []
    for name in chosen:
        try:
            COMMANDS[name]()  # its section is saved as soon as it has run
        except typer.Exit:
            raise
        except Exception:  # one broken benchmark should not cost the others' figures
            console.print(traceback.format_exc())
            failed.append(name)
    _report()
    if failed:
        console.print(f"[red]failed: {', '.join(failed)}[/]")
        raise typer.Exit(1)


@app.command()
def report() -> None:
    """Write BENCHMARKS.md from the stored results, without measuring anything."""
    _report()
