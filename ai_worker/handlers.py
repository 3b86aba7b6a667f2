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
from command_api.catalogue import MenuCatalogue
from command_api.handling import CommandHandler
from consumers.errors import PermanentError
from domain import ORDER, VOICE_ORDER
from schemas.commands.order import FailCakeDesign, RecordCakeDesign
from schemas.commands.voice_order import FailVoiceOrder, RecordInterpretation, RecordTranscript
from schemas.envelope import RecordedEvent
from schemas.events.voice_order import VoiceStage
from schemas.streams import voice_stream

T = TypeVar("T")


class AiJobs:
    def __init__(
        self,
        *,
        stt: SpeechToText,
        interpreter: OrderInterpreter,
        images: ImageGenerator,
        handler: CommandHandler,
        menu: MenuCatalogue,
        results: Results,
        media_dir: Path,
        concurrency: int,
    ) -> None:
        self._stt, self._interpreter, self._images = stt, interpreter, images
        self._handler, self._menu, self._results = handler, menu, results
        self._media_dir = media_dir
        self._pools = {
            name: ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix=name)
            for name in ("stt", "llm", "image")
        }

    async def _off_loop(self, pool: str, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pools[pool], work)

    async def transcribe(self, event: RecordedEvent) -> None:
        voice_order_id = UUID(event.data["voice_order_id"])
        request_id = UUID(event.data["request_id"])
        state, _ = await self._handler.load(VOICE_ORDER, voice_stream(voice_order_id))
        if state.transcript is not None or state.status == "failed":
            return  # a redelivery of work already done
        menu = menu_choices(await self._menu.current())
        prompt = ", ".join(choice.name for choice in menu)
        audio = self._media_dir / event.data["audio_ref"]
        try:
            transcript = await self._off_loop(
                "stt", partial(self._stt.transcribe, audio, prompt=f"A dinner order: {prompt}.")
            )
        except PermanentError as error:
            await self._fail_voice(voice_order_id, "transcription", str(error), event)
            raise
        if not transcript.text.strip():
            await self._fail_voice(voice_order_id, "transcription", "no speech found", event)
            return
        command = RecordTranscript(
            voice_order_id=voice_order_id, request_id=request_id, transcript=transcript.text,
            language=transcript.language, at=self._results.clock.now(),
        )  # fmt: skip
        await self._results.record(VOICE_ORDER, voice_stream(voice_order_id), command, event)
        await self._results.publish(request_id, {"stage": "transcribed",
                                                 "transcript": transcript.text})  # fmt: skip

    async def interpret(self, event: RecordedEvent) -> None:
        voice_order_id = UUID(event.stream_id.removeprefix("voice-"))
        request_id = UUID(event.data["request_id"])
        state, _ = await self._handler.load(VOICE_ORDER, voice_stream(voice_order_id))
        if state.draft is not None or state.status == "failed" or state.transcript is None:
            return
        now = self._results.clock.now()
        menu = menu_choices(await self._menu.current())
        # The event's transcript is sealed; the loaded state holds it revealed.
        result = await self._off_loop(
            "llm", partial(self._interpreter.interpret, state.transcript, menu, now=now)
        )
        if not result.lines:
            reason = "nothing on the menu was recognised" + _problems(result.problems)
            await self._fail_voice(voice_order_id, "interpretation", reason, event)
            return
        command = RecordInterpretation(
            voice_order_id=voice_order_id, request_id=request_id, draft=to_draft(result),
            confidence=result.confidence, at=now,
        )  # fmt: skip
        await self._results.record(VOICE_ORDER, voice_stream(voice_order_id), command, event)
        await self._results.publish(request_id, {
            "stage": "interpreted", "confidence": result.confidence,
            "draft": command.draft.model_dump(mode="json"),
        })  # fmt: skip

    async def design_cake(self, event: RecordedEvent) -> None:
        order_id = UUID(event.stream_id.removeprefix("order-"))
        request_id = UUID(event.data["request_id"])
        state, _ = await self._handler.load(ORDER, event.stream_id)
        design = state.cake_designs.get(request_id)
        if design is None or design.status != "pending":
            return
        try:
            seed = request_id.int % 2**32
            png = await self._off_loop(
                "image", partial(self._images.generate, event.data["prompt"], seed=seed)
            )
        except PermanentError as error:
            failed = FailCakeDesign(order_id=order_id, request_id=request_id, reason=str(error),
                                    at=self._results.clock.now())  # fmt: skip
            await self._results.record(ORDER, event.stream_id, failed, event)
            await self._results.publish(request_id, {"stage": "failed", "reason": str(error)})
            raise
        image_url = await self._store_image(request_id, png)
        command = RecordCakeDesign(order_id=order_id, request_id=request_id, image_url=image_url,
                                   at=self._results.clock.now())  # fmt: skip
        await self._results.record(ORDER, event.stream_id, command, event)
        await self._results.publish(request_id, {"stage": "generated", "image_url": image_url})

    async def _store_image(self, request_id: UUID, png: bytes) -> str:
        from command_api.media import store_file

        relative = await store_file(self._media_dir, Path("cakes") / f"{request_id}.png", png)
        return f"/media/{relative}"

    async def _fail_voice(
        self, voice_order_id: UUID, stage: VoiceStage, reason: str, cause: RecordedEvent
    ) -> None:
        command = FailVoiceOrder(voice_order_id=voice_order_id, stage=stage, reason=reason,
                                 at=self._results.clock.now())  # fmt: skip
        await self._results.record(VOICE_ORDER, voice_stream(voice_order_id), command, cause)
        await self._results.publish(
            cause.data.get("request_id", voice_order_id),
            {"stage": "failed", "failed_stage": stage, "reason": reason},
        )

    def close(self) -> None:
        for pool in self._pools.values():
            pool.shutdown(wait=False, cancel_futures=True)


def _problems(problems: tuple[str, ...]) -> str:
    return f" ({'; '.join(problems)})" if problems else ""
