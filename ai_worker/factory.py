"""Engines chosen by configuration (AI_DEVICE, STT_MODEL, LLM_MODEL, IMAGE_MODEL).

Each engine loads its model lazily on its first job (`LazyModel`), so the worker starts at once
and a queue that never gets work never costs its model's memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ai_worker.engines import ImageGenerator, OrderInterpreter, SpeechToText
from ai_worker.lazy import LazyModel
from dinner.settings import Settings


@dataclass(frozen=True)
class Engines:
    stt: SpeechToText
    interpreter: OrderInterpreter
    images: ImageGenerator
    names: dict[str, str]
    # Each engine's model, by engine: whether it is loaded yet, and how long that took.
    models: dict[str, LazyModel[Any]] = field(default_factory=dict)

    def describe(self) -> dict[str, object]:
        return {**self.names, "models": {name: m.describe() for name, m in self.models.items()}}

    def close(self) -> None:
        """Lets every loaded model go; call once no job is running."""
        for model in self.models.values():
            model.close()


def engines_from_settings(settings: Settings) -> Engines:
    # Imported here: each pulls in its inference library, which only the AI worker needs.
    from ai_worker.image import DiffusersImageGenerator
    from ai_worker.llm import LlmOrderInterpreter, chat_backend_from_settings
    from ai_worker.stt import speech_to_text_from_settings

    stt = speech_to_text_from_settings(settings)
    chat = chat_backend_from_settings(settings)
    images = DiffusersImageGenerator.from_settings(settings)
    return Engines(
        stt=stt,
        interpreter=LlmOrderInterpreter(chat),
        images=images,
        names={
            "device": settings.ai_device,
            "stt": settings.stt_model,
            "llm": settings.llm_model,
            "image": settings.image_model,
        },
        models={"stt": stt.weights, "llm": chat.weights, "image": images.weights},
    )
