"""`dinner audit replay|verify|export`: an auditor's view of the event store itself.

`replay` folds one stream with its decider and shows the state after each event; `verify`
checks every hash chain (exit code 1 and the first broken link when anything was altered);
`export` streams the history as JSON lines, one bounded page at a time.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, BinaryIO, TypeVar

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from bootstrap import Needs, open_services
from cli.audit_views import DECIDERS, replay_stream, show_verification
from dinner.settings import Settings
from eventstore.port import EventStore
from privacy.personal_data import PersonalData
from query_api.audit_chain import Verification, verify_store, verify_stream
from query_api.audit_log import AuditLog, audit_log, envelope_pages
from schemas.streams import StreamId

app = typer.Typer(no_args_is_help=True, help="Audit: replay, verify and export the history.")
err = Console(stderr=True)
T = TypeVar("T")
BROKEN = 1
LINE = orjson.OPT_APPEND_NEWLINE | orjson.OPT_UTC_Z  # times as the APIs write them


@dataclass(frozen=True)
class Sources:
    store: EventStore
    log: AuditLog
    personal: PersonalData


@asynccontextmanager
async def _sources(settings: Settings) -> AsyncIterator[Sources]:
    async with open_services(settings, Needs.EVENT_STORE | Needs.KEYS) as services:
        log = audit_log(services.store, settings.database_schema)
        yield Sources(services.store, log, services.personal)


def _with_sources(work: Callable[[Sources], Awaitable[T]]) -> T:
    async def run() -> T:
        async with _sources(Settings()) as sources:
            return await work(sources)

    return asyncio.run(run())


def _moment(value: str | None) -> datetime | None:
    """ISO 8601; without an offset it is taken as UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not an ISO 8601 time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@app.command()
def replay(
    stream: Annotated[str, typer.Option(help="The stream, e.g. order-<uuid>.")],
    to_revision: Annotated[int | None, typer.Option(min=0, help="Stop after it.")] = None,
    to_time: Annotated[
        str | None, typer.Option(help="Stop after the last event recorded by then (ISO 8601).")
    ] = None,
) -> None:
    """Fold a stream event by event and print the state after each one."""
    if to_revision is not None and to_time is not None:
        raise typer.BadParameter("give --to-revision or --to-time, not both")
    if StreamId.category_of(stream) not in DECIDERS:
        raise typer.BadParameter(f"streams are order-<id>, voice-<id> or menu, not {stream!r}")
    until = _moment(to_time)
    shown = _with_sources(
        lambda s: replay_stream(Console(), s.store, s.personal, stream, to_revision, until)
    )
    if shown == 0:
        err.print(f"[red]no events in {escape(stream)} up to that point[/red]")
        raise typer.Exit(BROKEN)


@app.command()
def verify(
    stream: Annotated[str | None, typer.Option(help="One stream; all when omitted.")] = None,
) -> None:
    """Verify the hash chains; exit code 1 names the first broken link."""
    result = _with_sources(lambda s: _verify(s, stream))
    unknown = stream is not None and result.events_checked == 0
    show_verification(Console(), result, unknown_stream=unknown)
    if not result.ok or unknown:
        raise typer.Exit(BROKEN)


async def _verify(sources: Sources, stream: str | None) -> Verification:
    if stream is not None:
        return await verify_stream(sources.store, stream)
    head = await sources.store.head_position()
    columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err) as bar:
        task = bar.add_task("verifying", total=head)
        return await verify_store(
            sources.log, lambda position: bar.update(task, completed=min(position, head))
        )


@app.command()
def export(
    from_position: Annotated[int, typer.Option(min=0, help="The first global position.")] = 0,
    as_stored: Annotated[
        bool, typer.Option(help="Personal fields sealed, as stored and hashed.")
    ] = False,
    page: Annotated[int, typer.Option(min=1, max=10_000, help="Events per read.")] = 1000,
) -> None:
    """Write the history as JSON lines (one envelope each) to stdout, in constant memory."""
    out = sys.stdout.buffer
    try:
        count = _with_sources(lambda s: _export(s, from_position, as_stored, page, out))
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    err.print(f"exported {count:,} events")


async def _export(
    sources: Sources, from_position: int, as_stored: bool, page: int, out: BinaryIO
) -> int:
    count = 0
    async for batch in envelope_pages(sources.log, from_position, page):
        if not as_stored:
            data = await sources.personal.reveal([(e["type"], e["data"]) for e in batch])
            batch = [e | {"data": d} for e, d in zip(batch, data, strict=True)]
        out.write(b"".join(orjson.dumps(e, option=LINE) for e in batch))
        count += len(batch)
    out.flush()
    return count
