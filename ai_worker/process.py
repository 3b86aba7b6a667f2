"""`dinner ai-worker`: three AI queues consumed side by side, health on :8001."""

from __future__ import annotations

import asyncio
import logging

import redis.asyncio as redis
import uvicorn
from fastapi import FastAPI

from ai_worker.factory import Engines, engines_from_settings
from ai_worker.handlers import AiJobs
from ai_worker.results import Results
from command_api.catalogue import MenuCatalogue
from command_api.handling import CommandHandler
from consumers.process import Subscription, consume_until_stopped, stop_on_signals
from consumers.registry import Handler, HandlerRegistry
from dinner.bootstrap import open_event_store
from dinner.clock import SystemClock
from dinner.faults import FaultPoints
from dinner.privacy.keys import open_key_store
from dinner.privacy.personal_data import EncryptedPersonalData
from dinner.settings import Settings

log = logging.getLogger(__name__)


def subscriptions(jobs: AiJobs, concurrency: int) -> list[Subscription]:
    # Payloads are validated before a handler runs: one that cannot be read goes to the
    # dead-letter queue without ever reaching a model or the retry ladder.
    def only(event_type: str, handler: Handler) -> HandlerRegistry:
        return HandlerRegistry(validate=True).on(event_type, handler)

    return [
        Subscription("ai.stt", only("VoiceOrderSubmitted", jobs.transcribe), concurrency),
        Subscription("ai.llm", only("VoiceTranscribed", jobs.interpret), concurrency),
        Subscription("ai.image", only("CakeDesignRequested", jobs.design_cake), concurrency),
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
    store = await open_event_store(settings)
    keys = await open_key_store(settings)
    client = redis.from_url(settings.redis_url)
    # Transcripts and drafts are sealed on append and revealed on load, as in the command API.
    handler = CommandHandler(store, EncryptedPersonalData(keys))
    jobs = AiJobs(
        stt=engines.stt, interpreter=engines.interpreter, images=engines.images,
        handler=handler, menu=MenuCatalogue(store),
        results=Results(handler, client, SystemClock()),
        media_dir=settings.media_dir, concurrency=settings.worker_concurrency,
    )  # fmt: skip
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
        jobs.close()
        await client.aclose()
        await keys.close()
        await store.close()


def main(settings: Settings) -> None:
    asyncio.run(run(settings))
