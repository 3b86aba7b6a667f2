"""The AI worker's flows through the real queues, store and models.

The image engine here is the real diffusers pipeline behind a gate the test holds closed, so
image jobs are provably in flight while speech and language jobs run to completion.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
import redis.asyncio as redis
from aio_pika.abc import AbstractChannel

from ai_worker.engines import ImageGenerator, OrderInterpreter, SpeechToText
from ai_worker.handlers import AiJobs
from ai_worker.image import DiffusersImageGenerator
from ai_worker.process import subscriptions
from ai_worker.results import Results
from consumers.process import consume_until_stopped
from dinner.clock import SystemClock
from dinner.faults import NO_FAULTS
from domain import ORDER, VOICE_ORDER
from eventstore.postgres import PostgresEventStore
from rabbitmq.checkpoints import PostgresCheckpointStore
from rabbitmq.declare import declare_topology
from rabbitmq.publisher import ConfirmedPublisher
from rabbitmq.relay import Relay
from rabbitmq.topology import DEFAULT_TOPOLOGY
from schemas.commands.order import PlaceOrder, RequestCakeDesign
from schemas.commands.voice_order import SubmitVoiceOrder
from schemas.envelope import Actor, EventMetadata
from schemas.streams import StreamId
from schemas.values import Delivery, RequestedLine
from service_layer import CommandContext, CommandService
from service_layer.seeding import seed_menu
from tests.support.services import REDIS_URL

pytestmark = pytest.mark.slow
CUSTOMER = EventMetadata(correlation_id="t", actor=Actor(user_id="alice", role="customer"))
SPOKEN = "Two French dinners, grand style, and one cake, tomorrow at seven pm."


class GatedImages:
    """The real image engine, held until the test opens the gate."""

    def __init__(self, engine: ImageGenerator) -> None:
        self._engine = engine
        self.gate = threading.Event()
        self.started = threading.Semaphore(0)

    def generate(self, prompt: str, *, seed: int) -> bytes:
        self.started.release()
        self.gate.wait(timeout=120)
        return self._engine.generate(prompt, seed=seed)


@pytest.fixture
async def worker_world(
    pg_store: PostgresEventStore,
    read_side: str,
    amqp_url: str,
    amqp_channel: AbstractChannel,
    pg_pool: asyncpg.Pool,
    tmp_path: Path,
    stt: SpeechToText,
    interpreter: OrderInterpreter,
) -> AsyncIterator[tuple[PostgresEventStore, GatedImages, Path]]:
    await seed_menu(CommandService(pg_store), datetime.now(UTC))
    await declare_topology(amqp_channel, DEFAULT_TOPOLOGY)
    images = GatedImages(DiffusersImageGenerator("tiny-sd3", tmp_path / "models"))
    client = redis.from_url(REDIS_URL)
    handler = CommandService(pg_store)
    jobs = AiJobs(
        stt=stt,
        interpreter=interpreter,
        images=images,
        commands=handler,
        results=Results(handler, client, SystemClock()),
        media_dir=tmp_path / "media",
        concurrency=3,
    )
    exchange = await amqp_channel.get_exchange(DEFAULT_TOPOLOGY.exchange)
    relay = asyncio.create_task(
        Relay(
            pg_store, PostgresCheckpointStore(pg_pool, read_side), ConfirmedPublisher(exchange)
        ).run()  # type: ignore[arg-type]
    )
    stop = asyncio.Event()
    worker = asyncio.create_task(
        consume_until_stopped(
            amqp_url, subscriptions(jobs, 3), name="test-ai", faults=NO_FAULTS, stop=stop
        )
    )
    yield pg_store, images, tmp_path / "media"
    images.gate.set()
    stop.set()
    await worker
    relay.cancel()
    jobs.close()
    await client.aclose()


async def until(condition: Callable[[], object], timeout: float = 120) -> None:
    async with asyncio.timeout(timeout):
        while not await condition():  # type: ignore[misc]
            await asyncio.sleep(0.1)


async def test_speech_and_language_finish_while_image_jobs_are_in_flight(
    worker_world: tuple[PostgresEventStore, GatedImages, Path], speak: Callable[[str], Path]
) -> None:
    store, images, media = worker_world
    handler, now, order_id = CommandService(store), datetime.now(UTC), uuid.uuid4()
    menu = await handler.menu.current()
    place = PlaceOrder(
        order_id=order_id,
        customer_id="alice",
        lines=(RequestedLine(menu_item_id="cake", quantity=1),),
        delivery=Delivery(address="1 Main St", requested_for=now.replace(year=2027)),
        menu=menu,
        at=now,
    )
    await handler.handle(place, CommandContext(CUSTOMER))
    for _ in range(3):
        cake = RequestCakeDesign(
            order_id=order_id,
            request_id=uuid.uuid4(),
            prompt="a red heart",
            actor_id="alice",
            actor_role="customer",
            at=now,
        )
        await handler.handle(cake, CommandContext(CUSTOMER))

    voice_order_id = uuid.uuid4()
    (media / "voice").mkdir(parents=True)
    shutil.copy(speak(SPOKEN), media / "voice" / f"{voice_order_id}.wav")
    submit = SubmitVoiceOrder(
        voice_order_id=voice_order_id,
        customer_id="alice",
        request_id=uuid.uuid4(),
        audio_ref=f"voice/{voice_order_id}.wav",
        content_type="audio/wav",
        at=now,
    )
    await handler.handle(submit, CommandContext(CUSTOMER))

    async def interpreted() -> bool:
        state, _ = await handler.load(VOICE_ORDER, StreamId.voice_order(voice_order_id))
        assert state.status != "failed", state.failure_reason
        return state.status == "interpreted"

    async def cakes(status: str) -> bool:
        state, _ = await handler.load(ORDER, StreamId.order(order_id))
        return all(d.status == status for d in state.cake_designs.values())

    await until(interpreted)
    assert images.started.acquire(timeout=30)  # an image job is running…
    assert await cakes("pending")  # …and none has finished
    images.gate.set()
    await until(lambda: cakes("generated"))
    state, _ = await handler.load(VOICE_ORDER, StreamId.voice_order(voice_order_id))
    assert state.draft is not None
    assert {line.menu_item_id for line in state.draft.items} <= {
        e.menu_item_id for e in menu.items.values()
    }
    assert len(list((media / "cakes").glob("*.png"))) == 3
