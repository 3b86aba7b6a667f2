"""Speech to text with faster-whisper (CTranslate2): Whisper tiny.en on the CPU, large-v3 on a GPU.

The model is loaded once, on first use (`LazyModel`). CTranslate2 runs one transcription at a
time per model replica, so callers take turns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ai_worker.engines import Transcript
from ai_worker.lazy import LazyModel
from ai_worker.models import whisper_dir
from consumers.errors import PermanentError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from dinner.settings import Settings

SAMPLE_RATE = 16_000
Device = Literal["cpu", "cuda"]


@dataclass(frozen=True)
class WhisperConfig:
    model: str = "tiny.en"
    cache_dir: Path = Path("models")
    device: Device = "cpu"
    cpu_threads: int = 2
    beam_size: int = 5
    # orders are one short utterance: timestamp tokens only cost decoding steps
    without_timestamps: bool = True

    @property
    def compute_type(self) -> str:
        return "float16" if self.device == "cuda" else "int8"

    @property
    def language(self) -> str | None:
        """English-only checkpoints are told so; multilingual ones detect the language."""
        return "en" if self.model.endswith(".en") else None

    @classmethod
    def from_settings(cls, settings: Settings) -> WhisperConfig:
        return cls(
            model=settings.stt_model, cache_dir=settings.model_cache_dir, device=settings.ai_device
        )


class FasterWhisperSpeechToText:
    """`SpeechToText` on faster-whisper."""

    def __init__(self, config: WhisperConfig) -> None:
        self.config = config
        self.weights: LazyModel[Any] = LazyModel(config.model, self._load)

    def load(self) -> None:
        """Load the weights now rather than on the first order (e.g. at worker start)."""
        self.weights.get()

    def _load(self) -> Any:
        from faster_whisper import WhisperModel  # type: ignore[import-untyped]

        return WhisperModel(
            str(whisper_dir(self.config.model, self.config.cache_dir)),
            device=self.config.device,
            compute_type=self.config.compute_type,
            cpu_threads=self.config.cpu_threads,
            local_files_only=True,
        )

    def transcribe(self, audio: Path, *, prompt: str) -> Transcript:
        samples = decode(audio)
        with self.weights.using() as model:
            segments, info = model.transcribe(
                samples,
                language=self.config.language,
                beam_size=self.config.beam_size,
                initial_prompt=prompt or None,
                condition_on_previous_text=False,
                without_timestamps=self.config.without_timestamps,
            )
            text = " ".join(segment.text.strip() for segment in segments).strip()
        return Transcript(
            text=text, language=info.language, audio_seconds=len(samples) / SAMPLE_RATE
        )


def decode(audio: Path) -> npt.NDArray[np.float32]:
    """16 kHz mono samples; `PermanentError` for anything that is not decodable audio."""
    import av
    from faster_whisper import decode_audio

    try:
        samples: npt.NDArray[np.float32] = decode_audio(str(audio), sampling_rate=SAMPLE_RATE)
    except FileNotFoundError:
        raise  # the upload may not have arrived yet: let the worker retry
    except (av.error.FFmpegError, IndexError, ValueError) as error:
        raise PermanentError(f"audio {audio.name} cannot be decoded: {error}") from error
    if samples.size == 0:
        raise PermanentError(f"audio {audio.name} holds no sound")
    return samples


def speech_to_text_from_settings(settings: Settings) -> FasterWhisperSpeechToText:
    return FasterWhisperSpeechToText(WhisperConfig.from_settings(settings))
