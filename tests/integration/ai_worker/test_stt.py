"""Speech to text with the real Whisper tiny.en model on the CPU."""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from ai_worker.engines import MenuChoice
from ai_worker.lazy import LazyModel
from ai_worker.prompts import stt_prompt
from ai_worker.stt import FasterWhisperSpeechToText, WhisperConfig
from consumers.errors import PermanentError


def test_a_spoken_order_is_transcribed_with_its_words(
    stt: FasterWhisperSpeechToText, speak: Callable[[str], Path], menu: list[MenuChoice]
) -> None:
    audio = speak("Two French dinners in grand style and one cake, tomorrow at seven pm.")

    transcript = stt.transcribe(audio, prompt=stt_prompt(menu))

    words = transcript.text.lower()
    for expected in ("french", "dinner", "grand", "style", "cake", "tomorrow"):
        assert expected in words, transcript.text
    assert "7" in words or "seven" in words
    assert transcript.language == "en"
    assert 3.0 < transcript.audio_seconds < 10.0


@pytest.mark.parametrize(
    "content", [b"", b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(range(256)) * 8, b"not audio at all"]
)
def test_undecodable_audio_is_a_permanent_error(
    stt: FasterWhisperSpeechToText, tmp_path: Path, content: bytes
) -> None:
    audio = tmp_path / "upload.wav"
    audio.write_bytes(content)

    with pytest.raises(PermanentError, match="upload.wav"):
        stt.transcribe(audio, prompt="")


def test_a_missing_file_is_left_to_the_retry_ladder(
    stt: FasterWhisperSpeechToText, tmp_path: Path
) -> None:
    with pytest.raises(FileNotFoundError):
        stt.transcribe(tmp_path / "not-yet-there.wav", prompt="")


class _RecordingModel:
    """Stands in for `WhisperModel`: keeps the options it was called with."""

    def __init__(self) -> None:
        self.options: dict[str, Any] = {}

    def transcribe(self, samples: object, **options: Any) -> tuple[list[Any], Any]:
        self.options = options
        return [SimpleNamespace(text=" Two cakes. ")], SimpleNamespace(language="en")


def test_a_short_order_is_decoded_without_timestamps_and_with_the_menu_prompt(
    tmp_path: Path,
) -> None:
    audio = tmp_path / "order.wav"
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(b"\x01\x00" * 16_000)
    engine = FasterWhisperSpeechToText(WhisperConfig())
    model = _RecordingModel()
    engine.weights = LazyModel("recording", lambda: model)

    transcript = engine.transcribe(audio, prompt="I'd like a cake.")

    assert transcript.text == "Two cakes."
    assert model.options["without_timestamps"] is True
    assert model.options["condition_on_previous_text"] is False
    assert model.options["initial_prompt"] == "I'd like a cake."
    assert model.options["language"] == "en"
