"""Checks on an uploaded voice order before anything is stored or appended.

The container is recognised from its first bytes, never from the file name or the declared
content type; WAV is read through to its end so a truncated or fake file is refused here.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

MAX_AUDIO_BYTES = 10 * 1024 * 1024
MAX_DURATION_SECONDS = 120.0

_SIGNATURES = [
    (b"OggS", "audio/ogg", ".ogg"),
    (b"fLaC", "audio/flac", ".flac"),
    (b"ID3", "audio/mpeg", ".mp3"),
    (b"\x1a\x45\xdf\xa3", "audio/webm", ".webm"),
]


class AudioRejected(ValueError):
    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


@dataclass(frozen=True)
class CheckedAudio:
    content_type: str
    extension: str
    duration_seconds: float | None


def check_audio(data: bytes) -> CheckedAudio:
    if not data:
        raise AudioRejected("empty-audio", "The audio file is empty.")
    if len(data) > MAX_AUDIO_BYTES:
        raise AudioRejected(
            "audio-too-large", f"Audio over {MAX_AUDIO_BYTES} bytes is not accepted.", 413
        )
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return CheckedAudio("audio/wav", ".wav", _wav_duration(data))
    for signature, content_type, extension in _SIGNATURES:
        if data.startswith(signature):
            return CheckedAudio(content_type, extension, None)
    if data[0] == 0xFF and len(data) > 1 and data[1] & 0xE0 == 0xE0:
        return CheckedAudio("audio/mpeg", ".mp3", None)
    raise AudioRejected(
        "unsupported-audio", "Not a recognised audio file (WAV, OGG, FLAC, MP3 or WebM).", 415
    )


def _wav_duration(data: bytes) -> float:
    try:
        with wave.open(io.BytesIO(data)) as reader:
            frames, rate = reader.getnframes(), reader.getframerate()
            reader.readframes(frames)
    except (wave.Error, EOFError) as error:
        raise AudioRejected("undecodable-audio", f"The WAV file cannot be read: {error}") from None
    if rate <= 0 or frames == 0:
        raise AudioRejected("silent-audio", "The WAV file holds no sound.")
    duration = float(frames) / float(rate)
    if duration > MAX_DURATION_SECONDS:
        raise AudioRejected(
            "audio-too-long", f"Voice orders are limited to {MAX_DURATION_SECONDS:.0f} seconds."
        )
    return duration
