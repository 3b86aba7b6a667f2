"""`dinner rabbitmq`: declare the topology on the configured broker, or write it as a
definitions file; and `on_broker`, the one way the command-line tools reach RabbitMQ."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar
from urllib.parse import urlsplit, urlunsplit

import typer
from aio_pika.abc import AbstractChannel
from aiormq.exceptions import AMQPError, ChannelClosed, ChannelNotFoundEntity
from rich.console import Console
from rich.markup import escape

from dinner.settings import Settings
from rabbitmq.connection import connect
from rabbitmq.declare import declare_topology
from rabbitmq.definitions import definitions, render
from rabbitmq.topology import DEFAULT_TOPOLOGY

T = TypeVar("T")
# A tool should fail fast when the broker is down, not wait as long as a service would.
CONNECT_WAIT_SECONDS = 5.0

app = typer.Typer(no_args_is_help=True, help="The RabbitMQ topology.")


def redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")))


def _fail(message: str) -> NoReturn:
    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(1)


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Keeps a library's log of each failed connection attempt off the operator's screen."""
    logger = logging.getLogger(logger_name)
    disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = disabled


async def _with_channel(url: str, work: Callable[[AbstractChannel], Awaitable[T]]) -> T:
    with _quiet("aiormq.connection"):
        async with asyncio.timeout(CONNECT_WAIT_SECONDS + 10):
            connection = await connect(url, name="dinner-cli", wait_seconds=CONNECT_WAIT_SECONDS)
    try:
        return await work(await connection.channel(publisher_confirms=True))
    finally:
        await connection.close()


def on_broker(work: Callable[[AbstractChannel], Awaitable[T]]) -> T:
    """Runs `work` on a channel of the broker at RABBITMQ_URL, then closes the connection.

    An unreachable broker or a missing queue ends the command with exit code 1 and one line.
    """
    url = Settings().rabbitmq_url
    try:
        return asyncio.run(_with_channel(url, work))
    except ChannelNotFoundEntity as error:
        _fail(f"{error.args[-1]} (declare the topology: dinner rabbitmq declare)")
    except ChannelClosed as error:
        _fail(f"RabbitMQ refused: {error.args[-1]}")
    except (OSError, AMQPError) as error:  # down, timed out, wrong credentials or vhost
        _fail(f"cannot reach RabbitMQ at {redacted(url)}: {error or type(error).__name__}")


@app.command()
def declare() -> None:
    """Declare the exchange, every queue and every binding on the broker (idempotent)."""
    on_broker(lambda channel: declare_topology(channel, DEFAULT_TOPOLOGY))
    queues = len(DEFAULT_TOPOLOGY.declarations())
    bindings = sum(len(queue.bindings) for queue in DEFAULT_TOPOLOGY.work_queues)
    Console().print(
        f"declared exchange {DEFAULT_TOPOLOGY.exchange}, {queues} queues and {bindings} bindings"
        f" on {escape(redacted(Settings().rabbitmq_url))}"
    )


@app.command("definitions")
def write_definitions(
    out: Annotated[
        Path | None, typer.Option(help="File to write; standard output when left out.")
    ] = None,
) -> None:
    """Print or write the topology in RabbitMQ's definitions-file format (JSON)."""
    text = render(definitions(DEFAULT_TOPOLOGY))
    if out is None:
        typer.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    Console(stderr=True).print(f"wrote {escape(str(out))}")
