"""A voice order taken through the AI worker's real jobs, with stand-in engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import redis.asyncio as redis

from ai_worker.engines import DraftLine, Interpretation, MenuChoice, Transcript
from ai_worker.handlers import AiJobs
from ai_worker.results import Results
from consumers.envelope import opened
from privacy.personal_data import EncryptedPersonalData
from schemas.streams import StreamId
from service_layer import CommandService
from tests.support.audio import wav_bytes
from tests.support.audited import Deployment
from tests.support.services import REDIS_URL


@dataclass
class Heard:
    """Says `text` for any recording; interprets any transcript as two French dinners."""

    text: str
    address: str
    note: str
    transcripts: list[str] = field(default_factory=list)

    def transcribe(self, audio: Path, *, prompt: str) -> Transcript:
        assert audio.is_file()
        return Transcript(self.text, "en", 2.0)

    def interpret(
        self, transcript: str, menu: list[MenuChoice], *, now: datetime
    ) -> Interpretation:
        self.transcripts.append(transcript)
        lines = (DraftLine("french_dinner", 2, "grand"),)
        return Interpretation(lines, now + timedelta(days=30), self.address, self.note, 0.9)

    def generate(self, prompt: str, *, seed: int) -> bytes:
        raise AssertionError("no images here")


async def voice_order(deployed: Deployment, customer: str, heard: Heard) -> dict[str, Any]:
    """Upload, then the transcription and interpretation jobs as the AI worker runs them."""
    response = await deployed.command.http.post(
        "/api/voice-orders",
        files={"audio": ("order.wav", wav_bytes(1.0), "audio/wav")},
        headers=deployed.command.auth(customer, "customer"),
    )
    assert response.status_code == 202, response.text
    submitted = dict(response.json())
    handler = CommandService(deployed.store, EncryptedPersonalData(deployed.keys))
    client = redis.from_url(REDIS_URL)
    jobs = AiJobs(
        stt=heard,
        interpreter=heard,
        images=heard,
        commands=handler,
        results=Results(handler, client, deployed.clock),
        media_dir=deployed.media_dir,
        concurrency=1,
    )
    try:
        stream = StreamId.voice_order(submitted["voice_order_id"])
        await jobs.transcribe(opened((await deployed.store.read_stream(stream))[-1]))
        await jobs.interpret(opened((await deployed.store.read_stream(stream))[-1]))
    finally:
        jobs.close()
        await client.aclose()
    return submitted
