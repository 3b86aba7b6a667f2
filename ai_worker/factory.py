"""Engines chosen by configuration (AI_DEVICE, STT_MODEL, LLM_MODEL, IMAGE_MODEL).

Each engine loads its model lazily on its first job, so the worker starts at once and a queue
that never gets work never costs its model's memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_worker.engines import ImageGenerator, OrderInterpreter, SpeechToText
from dinner.settings import Settings


@dataclass(frozen=True)
class Engines:
    stt: SpeechToText
    interpreter: OrderInterpreter
    images: ImageGenerator
    names: dict[str, str]

    def describe(self) -> dict[str, str]:
        return dict(self.names)


def engines_from_settings(settings: Settings) -> Engines:
    # Imported here: each pulls in its inference library, which only the AI worker needs.
    from ai_worker.image import DiffusersImageGenerator
    from ai_worker.llm import order_interpreter_from_settings
    from ai_worker.stt import speech_to_text_from_settings

    return Engines(
        stt=speech_to_text_from_settings(settings),
        interpreter=order_interpreter_from_settings(settings),
        images=DiffusersImageGenerator.from_settings(settings),
        names={
            "device": settings.ai_device,
            "stt": settings.stt_model,
            "llm": settings.llm_model,
            "image": settings.image_model,
        },
    )
