"""`dinner ai-worker`: three AI queues consumed side by side, health on :8001."""

from __future__ import annotations

import asyncio
import logging

import uvicorn
from fastapi import FastAPI

from ai_worker.factory import Engines, engines_from_settings
from ai_worker.handlers import AiJobs
from ai_worker.results import Results
from bootstrap import Needs, open_services
from consumers.modes import OneAtATime
from consumers.process import Subscription, consume_until_stopped, stop_on_signals
from consumers.registry import E, Handler, HandlerRegistry
from dinner.clock import SystemClock
from dinner.faults import FaultPoints
from dinner.settings import Settings
from schemas.events import CakeDesignRequested, VoiceOrderSubmitted, VoiceTranscribed

log = logging.getLogger(__name__)


def subscriptions(jobs: AiJobs, concurrency: int) -> list[Subscription]:
    # The runtime decodes each event before a handler runs: one that cannot be read goes to
    # the dead-letter queue without ever reaching a model or the retry ladder.
    def only(queue: str, event_class: type[E], handler: Handler[E]) -> Subscription:
        handlers = HandlerRegistry().on(event_class, handler)
        return Subscription(queue, OneAtATime(handlers, concurrency))

    return [
        only("ai.stt", VoiceOrderSubmitted, jobs.transcribe),
        only("ai.llm", VoiceTranscribed, jobs.interpret),
        only("ai.image", CakeDesignRequested, jobs.design_cake),
    ]


def health_app(engines: Engines) -> FastAPI:
    app = FastAPI(title="Dinner Service AI worker")

    @app.get("/health")
    async def health() -> dict[str, object]:
        return {"status": "ok", "engines": engines.describe()}

    return app


async def run(settings: Settings, engines: Engines | None = None) -> None:
    stop = stop_on_signals()
    engines = engines or engines_from_settings(settings)
    async with open_services(settings, Needs.COMMANDS | Needs.REDIS) as services:
        # Transcripts and drafts are sealed on append and revealed on load, as in the command API.
        commands = services.commands
        jobs = AiJobs(
            stt=engines.stt,
            interpreter=engines.interpreter,
            images=engines.images,
            commands=commands,
            results=Results(commands, services.redis, SystemClock()),
            media_dir=settings.media_dir,
            concurrency=settings.worker_concurrency,
        )
        try:
            await _consume(settings, engines, jobs, stop)
        finally:
            jobs.close()
            engines.close()


async def _consume(settings: Settings, engines: Engines, jobs: AiJobs, stop: asyncio.Event) -> None:
    health = uvicorn.Server(
        uvicorn.Config(
            health_app(engines), host="0.0.0.0", port=settings.ai_worker_port, log_level="warning"
        )
    )
    serving = asyncio.create_task(health.serve())
    try:
        await consume_until_stopped(
            settings.rabbitmq_url,
            subscriptions(jobs, settings.worker_concurrency),
            name="dinner-ai-worker",
            faults=FaultPoints.from_environment(),
            stop=stop,
            max_body_bytes=settings.max_message_bytes,
        )
    finally:
        health.should_exit = True
        await serving


def main(settings: Settings) -> None:
    asyncio.run(run(settings))
