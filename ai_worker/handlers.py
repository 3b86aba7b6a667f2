"""The AI jobs: speech to text, order interpretation and cake images, one handler each.

Inference runs in each engine's own thread pool, so a slow image never holds up speech or
text. Input that can never work records a `…Failed` event the customer sees, then raises
PermanentError so the message goes to the dead-letter queue; other failures are retried.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar
from uuid import UUID

from ai_worker.engines import ImageGenerator, OrderInterpreter, SpeechToText
from ai_worker.menu_choices import menu_choices, to_draft
from ai_worker.results import Results
from consumers.envelope import Envelope
from consumers.errors import PermanentError
from domain import ORDER, VOICE_ORDER
from schemas.commands.order import FailCakeDesign, RecordCakeDesign
from schemas.commands.voice_order import FailVoiceOrder, RecordInterpretation, RecordTranscript
from schemas.events import CakeDesignRequested, VoiceOrderSubmitted, VoiceTranscribed
from schemas.events.voice_order import VoiceStage
from schemas.streams import StreamId
from service_layer import CommandService
from service_layer.media import store_file

T = TypeVar("T")


class AiJobs:
    def __init__(
        self,
        *,
        stt: SpeechToText,
        interpreter: OrderInterpreter,
        images: ImageGenerator,
        commands: CommandService,
        results: Results,
        media_dir: Path,
        concurrency: int,
    ) -> None:
        self._stt, self._interpreter, self._images = stt, interpreter, images
        self._commands, self._results = commands, results
        self._media_dir = media_dir
        self._pools = {
            name: ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix=name)
            for name in ("stt", "llm", "image")
        }

    async def _off_loop(self, pool: str, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pools[pool], work)

    async def transcribe(self, envelope: Envelope[VoiceOrderSubmitted]) -> None:
        voice_order_id = envelope.event.voice_order_id
        request_id = envelope.event.request_id
        state, _ = await self._commands.load(VOICE_ORDER, StreamId.voice_order(voice_order_id))
        if state.transcript is not None or state.status == "failed":
            return  # a redelivery of work already done
        menu = menu_choices(await self._commands.menu.current())
        prompt = ", ".join(choice.name for choice in menu)
        audio = self._media_dir / envelope.event.audio_ref
        try:
            transcript = await self._off_loop(
                "stt", partial(self._stt.transcribe, audio, prompt=f"A dinner order: {prompt}.")
            )
        except PermanentError as error:
            await self._fail_voice(voice_order_id, "transcription", str(error), envelope)
            raise
        if not transcript.text.strip():
            await self._fail_voice(voice_order_id, "transcription", "no speech found", envelope)
            return
        command = RecordTranscript(
            voice_order_id=voice_order_id,
            request_id=request_id,
            transcript=transcript.text,
            language=transcript.language,
            at=self._results.clock.now(),
        )
        await self._results.record(command, envelope)
        await self._results.publish(
            request_id, {"stage": "transcribed", "transcript": transcript.text}
        )

    async def interpret(self, envelope: Envelope[VoiceTranscribed]) -> None:
        voice_order_id = StreamId.id_in(envelope.stream_id, "voice")
        request_id = envelope.event.request_id
        state, _ = await self._commands.load(VOICE_ORDER, StreamId.voice_order(voice_order_id))
        if state.draft is not None or state.status == "failed" or state.transcript is None:
            return
        now = self._results.clock.now()
        menu = menu_choices(await self._commands.menu.current())
        # The event's transcript is sealed; the loaded state holds it revealed.
        result = await self._off_loop(
            "llm", partial(self._interpreter.interpret, state.transcript, menu, now=now)
        )
        if not result.lines:
            reason = "nothing on the menu was recognised" + _problems(result.problems)
            await self._fail_voice(voice_order_id, "interpretation", reason, envelope)
            return
        command = RecordInterpretation(
            voice_order_id=voice_order_id,
            request_id=request_id,
            draft=to_draft(result),
            confidence=result.confidence,
            at=now,
        )
        await self._results.record(command, envelope)
        await self._results.publish(
            request_id,
            {
                "stage": "interpreted",
                "confidence": result.confidence,
                "draft": command.draft.model_dump(mode="json"),
            },
        )

    async def design_cake(self, envelope: Envelope[CakeDesignRequested]) -> None:
        order_id = StreamId.id_in(envelope.stream_id, "order")
        request_id = envelope.event.request_id
        state, _ = await self._commands.load(ORDER, envelope.stream_id)
        design = state.cake_designs.get(request_id)
        if design is None or design.status != "pending":
            return
        try:
            seed = request_id.int % 2**32
            png = await self._off_loop(
                "image", partial(self._images.generate, envelope.event.prompt, seed=seed)
            )
        except PermanentError as error:
            failed = FailCakeDesign(
                order_id=order_id,
                request_id=request_id,
                reason=str(error),
                at=self._results.clock.now(),
            )
            await self._results.record(failed, envelope)
            await self._results.publish(request_id, {"stage": "failed", "reason": str(error)})
            raise
        image_url = await self._store_image(request_id, png)
        command = RecordCakeDesign(
            order_id=order_id,
            request_id=request_id,
            image_url=image_url,
            at=self._results.clock.now(),
        )
        await self._results.record(command, envelope)
        await self._results.publish(request_id, {"stage": "generated", "image_url": image_url})

    async def _store_image(self, request_id: UUID, png: bytes) -> str:
        relative = await store_file(self._media_dir, Path("cakes") / f"{request_id}.png", png)
        return f"/media/{relative}"

    async def _fail_voice(
        self,
        voice_order_id: UUID,
        stage: VoiceStage,
        reason: str,
        cause: Envelope[VoiceOrderSubmitted] | Envelope[VoiceTranscribed],
    ) -> None:
        command = FailVoiceOrder(
            voice_order_id=voice_order_id, stage=stage, reason=reason, at=self._results.clock.now()
        )
        await self._results.record(command, cause)
        await self._results.publish(
            cause.event.request_id,
            {"stage": "failed", "failed_stage": stage, "reason": reason},
        )

    def close(self) -> None:
        for pool in self._pools.values():
            pool.shutdown(wait=False, cancel_futures=True)


def _problems(problems: tuple[str, ...]) -> str:
    return f" ({'; '.join(problems)})" if problems else ""
