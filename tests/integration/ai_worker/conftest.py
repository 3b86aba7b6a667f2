"""The real CPU models, loaded once per test session, and espeak-ng speech to feed them."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from ai_worker.engines import MenuChoice
from ai_worker.llm import LlmOrderInterpreter, order_interpreter_from_settings
from ai_worker.stt import FasterWhisperSpeechToText, speech_to_text_from_settings
from dinner.settings import Settings
from domain.catalogue import DEFAULT_MENU


@pytest.fixture(scope="session")
def ai_settings() -> Settings:
    """CPU defaults; joined model files are kept outside the work tree unless told otherwise."""
    cache = os.environ.get("MODEL_CACHE_DIR") or Path.home() / ".cache" / "dinner-models"
    return Settings(ai_device="cpu", model_cache_dir=Path(cache))


@pytest.fixture(scope="session")
def menu() -> list[MenuChoice]:
    return [
        MenuChoice(entry.menu_item_id, entry.name, entry.kind, tuple(entry.serving_styles))
        for entry in DEFAULT_MENU
    ]


@pytest.fixture(scope="session")
def stt(ai_settings: Settings) -> FasterWhisperSpeechToText:
    engine = speech_to_text_from_settings(ai_settings)
    engine.load()
    return engine


@pytest.fixture(scope="session")
def interpreter(ai_settings: Settings) -> LlmOrderInterpreter:
    return order_interpreter_from_settings(ai_settings)


@pytest.fixture(scope="session")
def speak(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Text → 16 kHz mono WAV, spoken by espeak-ng (Debian packages espeak-ng and sox)."""
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"apt-get install {' '.join(missing)} to synthesise test speech")
    folder = tmp_path_factory.mktemp("speech")

    def spoken(text: str, voice: str = "en-gb", speed: int = 140) -> Path:
        raw, wav = folder / "raw.wav", folder / f"{abs(hash((text, voice, speed)))}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", raw, text], check=True)
        subprocess.run(
            ["sox", "-R", "-G", "-V1", raw, "-r", "16000", "-c", "1", "-b", "16", wav], check=True
        )
        return wav

    return spoken


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Real model inference on two shared cores can outlast the suite's 300 s per test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.timeout(1200))
