"""Signing in and signed-in requests, each beside a raw baseline in the same run.

- Sign-in: `POST /api/auth/login` on the real command API (uvicorn, one worker, a child
  process), correct passwords of a few accounts, closed loop at concurrency c; beside it the
  raw cost of what dominates a sign-in, pwdlib's argon2id `verify` in worker threads at the
  same c, and sign-ins of unknown addresses, which must cost the same.
- A signed-in request: `bench/auth_probe.py` answers one small body three ways through the
  same middleware (no token; the token check alone, as before accounts; the token check and
  the revocation lookup in Redis, as every signed-in route now does), driven by aiohttp.

Everything shares these two cores with PostgreSQL and Redis, as in production.

    .venv/bin/python -m bench.auth --logins 120
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shlex
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import asyncpg
from pwdlib import PasswordHash

from api_common.auth import mint_token
from bench.command_api import drive, wait_until_ready
from bench.common import DSN, ensure_database
from bench.section import REPOSITORY, Column, Goal, Row, Section, timestamp
from bench.stats import RunResult
from bootstrap import Needs, open_services
from dinner.settings import Settings
from eventstore.postgres import PostgresEventStore
from service_layer.accounts import Origin, Registration, open_accounts

API_PORT = 8015
PROBE_PORT = 8016
SECRET = "bench-secret-bench-secret-bench-secret-0123"
PASSWORD = "bench-password-0123456"
ACCOUNTS = 8


def bench_settings(schema: str) -> Settings:
    return Settings(
        event_store_url=DSN,
        database_url=DSN,
        database_schema=schema,
        jwt_secret=SECRET,
        redis_prefix=f"bench:{schema}:",
    )


def environment(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "EVENT_STORE_URL": DSN,
        "DATABASE_URL": DSN,
        "DATABASE_SCHEMA": settings.database_schema,
        "JWT_SECRET": SECRET,
        "REDIS_PREFIX": settings.redis_prefix,
        # Every sign-in comes from this one address; the limit is counted, never reached.
        "SIGN_IN_ATTEMPTS_PER_ADDRESS": "100000000",
    }


async def make_accounts(settings: Settings) -> list[str]:
    store = await PostgresEventStore.connect(DSN, schema=settings.database_schema)
    await store.create_schema()
    await store.close()
    emails = [f"bench-{n}@example.com" for n in range(ACCOUNTS)]
    async with open_services(settings, Needs.COMMANDS | Needs.SQL, sql_pool_size=2) as services:
        accounts = await open_accounts(settings, services.commands, services.keys, services.sql)
        origin = Origin(correlation_id="bench")
        for email in emails:
            registration = Registration(email, "Bench", PASSWORD)
            await accounts.register(registration, datetime.now(UTC), origin)
    return emails


@contextlib.contextmanager
def serving(args: list[str], settings: Settings) -> Iterator[None]:
    child = subprocess.Popen(
        [sys.executable, "-m", *args],
        env=environment(settings),
        cwd=REPOSITORY,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        child.terminate()
        child.wait(15)


@contextlib.asynccontextmanager
async def client(
    port: int, headers: dict[str, str] | None = None
) -> AsyncIterator[aiohttp.ClientSession]:
    connector = aiohttp.TCPConnector(limit=64)
    async with aiohttp.ClientSession(
        f"http://127.0.0.1:{port}", headers=headers, connector=connector
    ) as session:
        await wait_until_ready(session)
        yield session


async def sign_ins(settings: Settings, emails: list[str], logins: int, concurrencies: list[int]):
    results: list[RunResult] = []
    hasher = PasswordHash.recommended()
    stored = hasher.hash(PASSWORD)

    async def raw_verify(n: int) -> bool:
        return await asyncio.to_thread(hasher.verify, PASSWORD, stored)

    args = ["cli", "command-api", "--port", str(API_PORT)]
    with serving(args, settings):
        async with client(API_PORT) as session:

            async def login(n: int, email: str | None = None) -> bool:
                body = {"email": email or emails[n % len(emails)], "password": PASSWORD}
                async with session.post("/api/auth/login", json=body) as response:
                    await response.read()
                    return response.status == (200 if email is None else 401)

            async def unknown(n: int) -> bool:
                return await login(n, f"nobody-{uuid.uuid4().hex}@example.com")

            await drive("warm-up", login, 4, 2)
            for c in concurrencies:
                results.append(await drive("raw argon2id verify", raw_verify, logins, c))
                results.append(await drive("POST /api/auth/login", login, logins, c))
                results.append(
                    await drive("POST /api/auth/login, unknown email", unknown, logins, c)
                )
    return results


async def signed_in_requests(settings: Settings, requests: int, concurrency: int):
    results: list[RunResult] = []
    token = mint_token(settings, "bench-user", "customer")
    args = [
        "uvicorn",
        "--factory",
        "bench.auth_probe:create",
        "--port",
        str(PROBE_PORT),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    with serving(args, settings):
        headers = {"Authorization": f"Bearer {token}"}
        async with client(PROBE_PORT, headers) as session:

            def get(path: str):
                async def call(n: int) -> bool:
                    async with session.get(path) as response:
                        await response.read()
                        return response.status == 200

                return call

            await drive("warm-up", get("/signed-in"), 500, concurrency)
            for _ in range(2):  # alternated, so drift in the machine's load hits all three
                results.append(
                    await drive("GET, no token (raw)", get("/raw"), requests, concurrency)
                )
                results.append(
                    await drive("GET, token check", get("/token"), requests, concurrency)
                )
                results.append(
                    await drive(
                        "GET, token check + revocation lookup",
                        get("/signed-in"),
                        requests,
                        concurrency,
                    )
                )
    return _merged(results)


def _merged(results: list[RunResult]) -> list[RunResult]:
    """The alternated runs of each workload as one: all calls, all their time."""
    merged: dict[str, RunResult] = {}
    for r in results:
        seen = merged.get(r.label)
        merged[r.label] = (
            r
            if seen is None
            else RunResult(
                r.label,
                r.concurrency,
                seen.count + r.count,
                seen.seconds + r.seconds,
                seen.latencies_ms + r.latencies_ms,
                seen.errors + r.errors,
            )
        )
    return list(merged.values())


async def main(logins: int, concurrencies: list[int], requests: int, concurrency: int):
    await ensure_database()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    settings = bench_settings(schema)
    try:
        emails = await make_accounts(settings)
        logged = await sign_ins(settings, emails, logins, concurrencies)
        checked = await signed_in_requests(settings, requests, concurrency)
    finally:
        connection = await asyncpg.connect(DSN)
        try:
            await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        finally:
            await connection.close()
    return logged, checked


COLUMNS = [
    Column("workload", "workload"),
    Column("c", "c"),
    Column("calls", "calls"),
    Column("rate", "ops/s", "{:,.1f}", ratio="percent"),
    Column("p50", "p50 ms", "{:.2f}", ratio="times"),
    Column("p99", "p99 ms", "{:.2f}", ratio="times"),
    Column("errors", "errors"),
]


def run(
    command: str,
    plots: Path | None,
    logins: int,
    concurrency: list[int],
    requests: int,
    request_concurrency: int,
) -> Section:
    logged, checked = asyncio.run(main(logins, concurrency, requests, request_concurrency))
    return section(logged, checked, command)


def section(logged: list[RunResult], checked: list[RunResult], command: str) -> Section:
    from bench.environment import describe

    rows: list[Row] = []
    raw_at: dict[str, int] = {}
    for r in [*logged, *checked]:
        raw = r.label.startswith("raw") or r.label.endswith("(raw)")
        group = f"{'login' if 'login' in r.label or 'argon2' in r.label else 'get'}:{r.concurrency}"
        if raw:
            raw_at[group] = len(rows)
        values = {
            "workload": r.label,
            "c": r.concurrency,
            "calls": r.count,
            "rate": r.throughput,
            "p50": r.p50,
            "p99": r.p99,
            "errors": r.errors,
        }
        rows.append(Row(values, None if raw else raw_at.get(group)))
    return Section(
        name="auth",
        title="Accounts: sign-in with argon2id, and what a signed-in request costs",
        command=command,
        measured_at=timestamp(),
        columns=COLUMNS,
        rows=rows,
        goals=goals(logged, checked),
        environment=describe(),
    )


def goals(logged: list[RunResult], checked: list[RunResult]) -> list[Goal]:
    found: list[Goal] = []
    by = {r.label: r for r in checked}
    token = by.get("GET, token check")
    revoked = by.get("GET, token check + revocation lookup")
    if token and revoked:
        extra = revoked.p50 - token.p50
        share = 1 - revoked.throughput / token.throughput
        found.append(
            Goal(
                "the revocation lookup adds at most 1 ms at p50 over the token check",
                extra <= 1,
                f"+{extra:.2f} ms at p50, {share * 100:.0f} % fewer requests/s",
            )
        )
    unknown = {r.concurrency: r for r in logged if "unknown" in r.label}
    known = {r.concurrency: r for r in logged if r.label == "POST /api/auth/login"}
    for c, r in known.items():
        if c in unknown:
            ratio = unknown[c].p50 / r.p50
            found.append(
                Goal(
                    f"an unknown email costs what a sign-in costs (c={c}, p50 within 25 %)",
                    0.75 <= ratio <= 1.25,
                    f"{ratio:.2f} ×",
                )
            )
    return found


if __name__ == "__main__":
    from bench.render import print_section

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=120)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--request-concurrency", type=int, default=16)
    a = parser.parse_args()
    logged, checked = asyncio.run(main(a.logins, a.concurrency, a.requests, a.request_concurrency))
    command = shlex.join(["python", "-m", "bench.auth", *sys.argv[1:]])
    print_section(section(logged, checked, command))
