"""`dinner dlq list|show|replay|purge`: the dead letters of every work queue."""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import orjson
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from cli.rabbitmq import on_broker
from rabbitmq.dlq import DeadLetter, DeadLetters
from rabbitmq.topology import DEFAULT_TOPOLOGY

T = TypeVar("T")
COUNT_LIMIT = 10_000  # dead letters read per queue to count them exactly
HANDFUL = 10  # more than this many to replay gets a progress bar
TOP_REASONS = 3
REASON_WIDTH = 100

app = typer.Typer(no_args_is_help=True, help="Dead-letter queues: inspect, replay, purge.")


def _known_queue(name: str) -> str:
    work = name.removesuffix(".dlq")
    valid = [queue.name for queue in DEFAULT_TOPOLOGY.work_queues]
    if work not in valid:
        raise typer.BadParameter(f"no work queue {name!r}; valid: {', '.join(valid)}")
    return work


Queue = Annotated[
    str, typer.Argument(callback=_known_queue, help="A work queue, e.g. projections.")
]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def _on_dead_letters(work: Callable[[DeadLetters], Awaitable[T]]) -> T:
    return on_broker(lambda channel: work(DeadLetters(channel, DEFAULT_TOPOLOGY)))


def _dlq(queue: str) -> str:
    return DEFAULT_TOPOLOGY.queue(queue).dead_letter_queue


def _amount(count: int) -> str:
    return f"{count}+" if count >= COUNT_LIMIT else str(count)


def _short(text: str) -> str:
    return text if len(text) <= REASON_WIDTH else text[: REASON_WIDTH - 1] + "…"


async def _reasons_by_queue(dead_letters: DeadLetters) -> dict[str, Counter[str]]:
    return {
        work.name: await dead_letters.reasons(work.name, COUNT_LIMIT)
        for work in DEFAULT_TOPOLOGY.work_queues
    }


@app.command("list")
def list_queues() -> None:
    """Every work queue with the messages in its dead-letter queue and their top reasons."""
    reasons = _on_dead_letters(_reasons_by_queue)
    table = Table("work queue", "dead-letter queue", "messages", "top reasons")
    for work in DEFAULT_TOPOLOGY.work_queues:
        counter = reasons[work.name]
        total = sum(counter.values())
        top = "\n".join(f"{n} × {_short(r)}" for r, n in counter.most_common(TOP_REASONS))
        table.add_row(work.name, work.dead_letter_queue, _amount(total), escape(top))
    Console().print(table)


def _document(letter: DeadLetter) -> dict[str, Any]:
    fields = {k: v for k, v in vars(letter).items() if k != "body"}
    try:
        return {**fields, "body": orjson.loads(letter.body.decode("utf-8"))}
    except (UnicodeDecodeError, orjson.JSONDecodeError):
        return {**fields, "body_base64": base64.b64encode(letter.body).decode()}


def _letters_table(queue: str, letters: list[DeadLetter], total: int) -> Table:
    table = Table(title=f"{_dlq(queue)}: the first {len(letters)} of {_amount(total)}")
    for column in ("message id", "event type", "reason", "attempts", "routing key", "failed at"):
        table.add_column(column, overflow="fold")
    for letter in letters:
        cells = (letter.message_id, letter.event_type, _short(letter.reason), letter.attempts)
        rest = (letter.original_routing_key, _moment(letter.failed_at))
        table.add_row(*(escape("-" if c is None else str(c)) for c in (*cells, *rest)))
    return table


def _moment(iso: str | None) -> str | None:
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M:%S %Z") if iso else None
    except ValueError:
        return iso


@app.command()
def show(
    queue: Queue,
    limit: Annotated[int, typer.Option(min=1, help="Dead letters to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """The first dead letters of a queue, left in place."""
    # Read the whole queue, not `limit`: letters put back go behind the rest, so a partial
    # read would rotate the queue, and `replay --limit` would then pick other messages.
    read = _on_dead_letters(lambda dead_letters: dead_letters.peek(queue, COUNT_LIMIT))
    letters = read[:limit]
    if as_json:
        for letter in letters:
            typer.echo(orjson.dumps(_document(letter)).decode())
    elif letters:
        Console().print(_letters_table(queue, letters, len(read)))
    else:
        Console().print(f"{_dlq(queue)} is empty")


async def _replay(dead_letters: DeadLetters, queue: str, planned: int) -> int:
    if planned <= HANDFUL:
        return await dead_letters.replay(queue, planned)
    replayed = 0
    with Progress(console=Console(stderr=True)) as progress:
        task = progress.add_task(f"replaying {_dlq(queue)}", total=planned)
        while replayed < planned and await dead_letters.replay(queue, 1):
            replayed += 1
            progress.advance(task)
    return replayed


def _waiting(queue: str) -> int:
    return _on_dead_letters(lambda dead_letters: dead_letters.count(queue, COUNT_LIMIT))


@app.command()
def replay(
    queue: Queue,
    limit: Annotated[int | None, typer.Option(min=1, help="Replay at most this many.")] = None,
    yes: Yes = False,
) -> None:
    """Move dead letters back to their work queue, oldest first, for another try."""
    waiting = _waiting(queue)
    planned = min(waiting, limit or waiting)
    if planned == 0:
        Console().print(f"{_dlq(queue)} is empty: nothing to replay")
        return
    if not yes:
        typer.confirm(f"Replay {planned} of {_amount(waiting)} from {_dlq(queue)}?", abort=True)
    replayed = _on_dead_letters(lambda dead_letters: _replay(dead_letters, queue, planned))
    Console().print(f"replayed {replayed} messages from {_dlq(queue)} to {queue}")


@app.command()
def purge(queue: Queue, yes: Yes = False) -> None:
    """Delete every dead letter of a queue; they cannot be replayed afterwards."""
    if not yes:
        waiting = _waiting(queue)
        if waiting == 0:
            Console().print(f"{_dlq(queue)} is empty: nothing to purge")
            return
        typer.confirm(f"Delete all {_amount(waiting)} in {_dlq(queue)} for good?", abort=True)
    purged = _on_dead_letters(lambda dead_letters: dead_letters.purge(queue))
    Console().print(f"purged {purged} messages from {_dlq(queue)}")
