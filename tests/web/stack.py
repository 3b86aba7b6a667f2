"""The web app on top of the real system: built once, served by `next start`, signed into by
accounts made through the accounts service.

Running this module keeps such a stack up for working on the browser tests by hand:

    .venv/bin/python -m tests.web.stack        # prints the environment for `npx playwright test`
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aio_pika
import httpx

from bootstrap import Needs, open_services
from cli.web import WEB, build_stale
from dinner.migrate import READ_SIDE, upgrade
from eventstore.postgres import PostgresEventStore, create_pool
from rabbitmq import headers as h
from rabbitmq.declare import declare_topology
from rabbitmq.topology import DEFAULT_TOPOLOGY
from schemas.envelope import Actor
from schemas.vocabulary import UserRole
from service_layer import CommandService
from service_layer.accounts import Origin, Registration, open_accounts
from service_layer.seeding import seed_menu
from tests.support.apps import test_settings
from tests.support.broker import fresh_vhost, open_channel
from tests.support.services import PG_DSN, ensure_test_database, unique_name
from tests.support.system import System, free_port, running_system

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
READY_SECONDS = 60.0
AI_READY_SECONDS = 180.0


@dataclass(frozen=True)
class Account:
    role: UserRole
    email: str
    password: str
    name: str


STAFF: tuple[tuple[UserRole, str], ...] = (
    ("admin", "Ada Admin"),
    ("staff", "Sam Staff"),
    ("auditor", "Avi Auditor"),
)


def staff_accounts() -> list[Account]:
    suffix = uuid.uuid4().hex[:6]
    return [
        Account(role, f"{role}-{suffix}@dinner.test", f"web-{role}-{uuid.uuid4().hex}", name)
        for role, name in STAFF
    ]


def missing_tools(*, browser: bool) -> list[str]:
    """What the web's tests (the browser ones when `browser`) need here and cannot find."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if browser and not Path(CHROMIUM).exists():
        missing.append(f"chromium ({CHROMIUM})")
    if not (WEB / "node_modules" / ".bin" / "next").exists():
        missing.append("web/node_modules (npm ci)")
    return missing


def build_web() -> str:
    """`next build` unless the last build is newer than every input; returns its output."""
    if not build_stale():
        return "build is current"
    done = subprocess.run(
        ["npx", "next", "build"], cwd=WEB, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise AssertionError(f"next build failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return done.stdout


async def create_accounts(schema: str, accounts: Iterable[Account]) -> None:
    settings = test_settings(schema)
    origin = Origin(
        correlation_id=f"web-tests:{uuid.uuid4()}", actor=Actor(user_id="web-tests", role="system")
    )
    async with open_services(settings, Needs.COMMANDS | Needs.SQL, sql_pool_size=2) as services:
        registry = await open_accounts(settings, services.commands, services.keys, services.sql)
        for account in accounts:
            registration = Registration(account.email, account.name, account.password, account.role)
            await registry.register(registration, datetime.now(UTC), origin)


async def _wait_for(url: str, log: Path, timeout: float, ok: int = 200) -> None:
    async with httpx.AsyncClient() as client:
        try:
            async with asyncio.timeout(timeout):
                while True:
                    with contextlib.suppress(httpx.TransportError):
                        if (await client.get(url)).status_code == ok:
                            return
                    await asyncio.sleep(0.2)
        except TimeoutError:
            raise AssertionError(f"{url} did not answer:\n{log.read_text()[-4000:]}") from None


@contextlib.asynccontextmanager
async def next_server(system: System, log: Path) -> AsyncIterator[str]:
    """`next start` on a free port, forwarding /api and /ws to this system's APIs."""
    port = free_port()
    env = {
        **os.environ,
        "COMMAND_API_URL": system.command_url,
        "QUERY_API_URL": system.query_url,
        "NEXT_TELEMETRY_DISABLED": "1",
    }
    with log.open("ab") as output:
        server = subprocess.Popen(
            ["npx", "next", "start", "--port", str(port), "--hostname", "127.0.0.1"],
            cwd=WEB, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    # localhost, not 127.0.0.1: the refresh cookie is Secure outside local mode, and Chromium
    # accepts a Secure cookie over plain HTTP from localhost only.
    url = f"http://localhost:{port}"
    try:
        await _wait_for(f"{url}/customer", log, READY_SECONDS)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)


async def plant_dead_letter(amqp_url: str) -> None:
    """One message in `notifications.dlq`, as the consumer runtime leaves a failed one, for
    the dead-letter screen to show and replay."""
    connection, channel = await open_channel(amqp_url)
    async with connection:
        await declare_topology(channel, DEFAULT_TOPOLOGY)
        letter = aio_pika.Message(
            b'{"poison": true}',
            message_id=str(uuid.uuid4()),
            type="OrderPlaced",
            headers={
                h.ERROR: "planted by the browser tests",
                h.ERROR_TYPE: "PermanentError",
                h.ATTEMPTS: 1,
                h.ORIGINAL_ROUTING_KEY: "order.OrderPlaced",
            },
        )
        await channel.default_exchange.publish(letter, "notifications.dlq")


async def wait_for_ai_worker(port: int, log: Path) -> None:
    await _wait_for(f"http://127.0.0.1:{port}/health", log, AI_READY_SECONDS)


SCRIPT_TAG = re.compile(r"<script\b[^>]*>|<link\b[^>]*>", re.IGNORECASE)
SOURCE = re.compile(r'(?:src|href)="(/_next/static/[^"]+?\.js)"')


def first_load_scripts(html: str) -> set[str]:
    """The JavaScript a page loads before anything else runs: its script tags and script
    preloads. A `nomodule` script (the polyfills) is skipped by every browser that runs
    modules, so it is not counted."""
    found = set()
    for tag in SCRIPT_TAG.findall(html):
        lowered = tag.lower()
        if "nomodule" in lowered or (lowered.startswith("<link") and 'as="script"' not in lowered):
            continue
        found.update(SOURCE.findall(tag))
    return found


async def first_load_js(base_url: str, routes: dict[str, str]) -> dict[str, int]:
    """Gzipped bytes of the JavaScript each route's HTML loads before anything else runs."""
    sizes: dict[str, int] = {}
    cache: dict[str, int] = {}
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        for route, path in routes.items():
            html = (await client.get(path)).text
            total = 0
            for script in sorted(first_load_scripts(html)):
                if script not in cache:
                    body = (await client.get(script)).content
                    cache[script] = len(gzip.compress(body, compresslevel=9))
                total += cache[script]
            sizes[route] = total
    return sizes


def speak(text: str, folder: Path) -> Path:
    """A spoken order as a 16 kHz mono WAV, as the voice tests make them (espeak-ng, sox)."""
    raw, wav = folder / "spoken-raw.wav", folder / "spoken-order.wav"
    subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "140", "-w", raw, text], check=True)
    subprocess.run(
        ["sox", "-R", "-G", "-V1", raw, "-r", "16000", "-c", "1", "-b", "16", wav], check=True
    )
    return wav


@dataclass
class WebStack:
    url: str
    system: System
    accounts: list[Account]
    log: Path

    def environment(self, **extra: str) -> dict[str, str]:
        """What the Playwright suite reads: where the app is and who may sign in."""
        env = {
            "BASE_URL": self.url,
            "CHROMIUM_PATH": CHROMIUM,
            "COMMAND_API_URL": self.system.command_url,
            "QUERY_API_URL": self.system.query_url,
            **extra,
        }
        for account in self.accounts:
            env[f"WEB_{account.role.upper()}_EMAIL"] = account.email
            env[f"WEB_{account.role.upper()}_PASSWORD"] = account.password
        return env


@contextlib.asynccontextmanager
async def web_stack(
    store: PostgresEventStore, schema: str, amqp_url: str, folder: Path, *, ai: bool
) -> AsyncIterator[WebStack]:
    """Seeded menu, staff accounts, every process (the AI worker too when `ai`), the web app."""
    await seed_menu(CommandService(store), datetime.now(UTC))
    accounts = staff_accounts()
    await create_accounts(schema, accounts)
    log = folder / "system.log"
    ai_port = free_port()
    extra = (("cli", "ai-worker"),) if ai else ()
    with _system_environment(ai_port):
        async with running_system(schema, amqp_url, log, folder / "media", extra) as system:
            await plant_dead_letter(amqp_url)
            async with next_server(system, folder / "web.log") as url:
                if ai:
                    await wait_for_ai_worker(ai_port, log)
                yield WebStack(url, system, accounts, log)


@contextlib.contextmanager
def _system_environment(ai_port: int) -> Iterator[None]:
    """What the system's processes (which take this process's environment) need here: the AI
    worker's health port and the CPU models' cache, as tests/ai sets them, and room for many
    sign-ins from one address: every browser and request of the suite is 127.0.0.1."""
    cache = os.environ.get("MODEL_CACHE_DIR") or str(Path.home() / ".cache" / "dinner-models")
    changed = {
        "AI_WORKER_PORT": str(ai_port),
        "MODEL_CACHE_DIR": cache,
        "SIGN_IN_ATTEMPTS_PER_ADDRESS": "1000",
    }
    saved = {name: os.environ.get(name) for name in changed}
    os.environ.update(changed)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def _serve_until_stopped() -> None:
    """A stack on a schema and vhost of its own until SIGINT/SIGTERM, for working by hand."""
    build_web()
    await ensure_test_database()
    pool = await create_pool(PG_DSN, max_size=5)
    schema = unique_name("web")
    await pool.execute(f'CREATE SCHEMA "{schema}"')
    store = PostgresEventStore(pool, schema=schema)
    try:
        await store.create_schema()
        await upgrade(READ_SIDE, PG_DSN, schema)
        folder = Path(tempfile.mkdtemp(prefix=f"{schema}-"))
        async with (
            fresh_vhost() as amqp_url,
            web_stack(store, schema, amqp_url, folder, ai=True) as stack,
        ):
            wav = speak(
                "Two French dinners in grand style and one cake, tomorrow at seven pm.", folder
            )
            for key, value in stack.environment(VOICE_WAV=str(wav)).items():
                print(f"export {key}={value}")  # noqa: T201 - the point of this tool
            print(f"# logs in {folder}", flush=True)  # noqa: T201
            stopped = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stopped.set)
            await stopped.wait()
    finally:
        await pool.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await pool.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(_serve_until_stopped()))
