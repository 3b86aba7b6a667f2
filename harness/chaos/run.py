"""The chaos run: a private PostgreSQL and RabbitMQ node, the real processes, a load of HTTP
commands, faults at random moments, then the wait for everything to arrive and the checks.

Nothing shared is restarted: the database and the broker belong to this run alone and are
deleted after it; Redis is the configured one, under a key prefix of this run's own.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import secrets
import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis.asyncio as redis
from sqlalchemy.ext.asyncio import create_async_engine

from cli.database import create_database_if_missing
from dinner.clock import SystemClock
from dinner.migrate import sqlalchemy_url, upgrade_all
from dinner.settings import Settings
from eventstore.postgres import PostgresEventStore, create_pool
from harness.chaos.disruptions import DisruptionLog, Disruptor
from harness.chaos.live_probe import LiveUpdateProbe
from harness.chaos.postgres_node import PostgresNode, postgres_node
from harness.chaos.processes import KeptProcess, Tally
from harness.chaos.settle import settle
from harness.chaos.verify import Findings, verify
from harness.chaos.workload import Workload, WorkloadTally
from rabbitmq.local_nodes import free_ports, local_cluster
from service_layer import CommandService
from service_layer.seeding import seed_menu

READY_TIMEOUT = 120.0


@dataclass(frozen=True)
class ChaosConfig:
    commands: int = 10_000
    clients: int = 48
    seed: int = field(default_factory=lambda: random.randrange(2**31))
    fault_interval: tuple[float, float] = (2.0, 6.0)
    settle_timeout: float = 300.0
    redis_url: str = "redis://127.0.0.1:6379/0"
    log_dir: Path | None = None


@dataclass
class ChaosResult:
    config: ChaosConfig
    load: WorkloadTally
    findings: Findings
    disruptions: DisruptionLog
    processes: dict[str, Tally]
    unsettled: list[str]
    seconds: dict[str, float]
    log_dir: Path


def process_environment(
    postgres: PostgresNode, amqp_url: str, config: ChaosConfig, prefix: str, work: Path
) -> dict[str, str]:
    (ai_port,) = free_ports(1)
    return {
        **os.environ,
        "ENVIRONMENT": "test",
        "EVENT_STORE_URL": postgres.dsn(),
        "DATABASE_URL": postgres.dsn(),
        "DATABASE_SCHEMA": "public",
        "RABBITMQ_URL": amqp_url,
        "REDIS_URL": config.redis_url,
        "REDIS_PREFIX": prefix,
        "JWT_SECRET": secrets.token_urlsafe(32),
        "MEDIA_DIR": str(work / "media"),
        "AI_WORKER_PORT": str(ai_port),
        "WORKER_CONCURRENCY": "1",
        "DINNER_FAULTS": "",
        # The load runs as few subjects; a per-subject command limit must not shape it.
        "RATE_LIMIT_COMMANDS": "0",
        "RATE_LIMIT_COMMANDS_PER_MINUTE": str(10**9),
    }


async def prepare_database(dsn: str) -> None:
    await create_database_if_missing(dsn)
    await upgrade_all(dsn, "public")
    store = await PostgresEventStore.connect(dsn, pool_size=2)
    try:
        await seed_menu(CommandService(store), SystemClock().now())
    finally:
        await store.close()


async def wait_ready(url: str, timeout: float = READY_TIMEOUT) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        async with asyncio.timeout(timeout):
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"{url}/ready")).status_code == 200:
                        return
                await asyncio.sleep(0.1)


async def forget_keys(redis_url: str, prefix: str) -> None:
    client = redis.from_url(redis_url)
    try:
        async for key in client.scan_iter(match=f"{prefix}*", count=1000):
            await client.delete(key)
    finally:
        await client.aclose()


@contextlib.asynccontextmanager
async def kept_running(
    specs: dict[str, tuple[str, ...]], env: dict[str, str], log_dir: Path
) -> AsyncIterator[dict[str, KeptProcess]]:
    processes = {
        name: KeptProcess(name, args, env, log_dir / f"{name}.log") for name, args in specs.items()
    }
    for process in processes.values():
        process.start()
    try:
        yield processes
    finally:
        await asyncio.gather(*(process.stop() for process in processes.values()))


async def chaos_run(config: ChaosConfig) -> ChaosResult:
    seconds: dict[str, float] = {}
    began = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="dinner-chaos-"))
    log_dir = config.log_dir or work / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    prefix = f"chaos:{secrets.token_hex(4)}:"
    rng = random.Random(config.seed)
    try:
        with postgres_node() as postgres, local_cluster(1, prefix="dchaos") as broker:
            amqp_url = broker.nodes[0].url
            await prepare_database(postgres.dsn())
            env = process_environment(postgres, amqp_url, config, prefix, work)
            (command_port,) = free_ports(1)
            specs = {
                "command-api": ("command-api", "--port", str(command_port)),
                "relay": ("relay",),
                "projector": ("projections", "run"),
                "notifications": ("notifications",),
                "ai-worker": ("ai-worker",),
            }
            command_url = f"http://127.0.0.1:{command_port}"
            probe = LiveUpdateProbe(config.redis_url, prefix)
            await probe.start()
            async with kept_running(specs, env, log_dir) as processes:
                await wait_ready(command_url)
                seconds["set-up"] = time.monotonic() - began
                settings = Settings(jwt_secret=env["JWT_SECRET"])
                workload = Workload(
                    command_url, settings, config.commands, config.clients, rng.randrange(2**31)
                )
                disruptor = Disruptor(processes, postgres, broker, rng, config.fault_interval)
                done = asyncio.Event()
                faults = asyncio.create_task(disruptor.run_until(done))
                started = time.monotonic()
                try:
                    load = await workload.run()
                finally:
                    done.set()
                    await faults
                seconds["load"] = time.monotonic() - started
                started = time.monotonic()
                await wait_ready(command_url)
                pool = await create_pool(postgres.dsn(), max_size=2)
                engine = create_async_engine(sqlalchemy_url(postgres.dsn()), pool_size=2)
                store = PostgresEventStore(pool)
                try:
                    events = await store.read_all(limit=10**8)
                    seconds["settle"], unsettled = await settle(
                        events, pool, engine, amqp_url, probe.seen, config.settle_timeout
                    )
                    started = time.monotonic()
                    findings = await verify(
                        store,
                        engine,
                        amqp_url,
                        load.accepted_commands,
                        load.told_status,
                        probe.seen,
                    )
                    seconds["checks"] = time.monotonic() - started
                finally:
                    await engine.dispose()
                    await pool.close()
            await probe.close()
            await forget_keys(config.redis_url, prefix)
    finally:
        if config.log_dir is None:
            keep = Path(tempfile.gettempdir()) / f"dinner-chaos-logs-{secrets.token_hex(3)}"
            shutil.copytree(log_dir, keep, dirs_exist_ok=True)
            log_dir = keep
        shutil.rmtree(work, ignore_errors=True)
    seconds["total"] = time.monotonic() - began
    return ChaosResult(
        config,
        load,
        findings,
        disruptor.log,
        {name: p.tally for name, p in processes.items()},
        unsettled,
        seconds,
        log_dir,
    )
