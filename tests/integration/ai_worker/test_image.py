"""Cake designs through the real diffusers SD3 pipeline, on the tiny model built into a tmp dir."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from ai_worker.image import MAX_PROMPT_CHARS, DiffusersImageGenerator
from ai_worker.tiny_sd3 import is_built
from cli.ai import app
from consumers.errors import PermanentError
from dinner.settings import Settings

DESIGN = "two tiers, chocolate icing, red roses, 'happy birthday'"


@pytest.fixture(scope="session")
def image_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("image-models")


@pytest.fixture(scope="session")
def generator(image_cache: Path) -> DiffusersImageGenerator:
    """Built on first use, as in the worker: the folder starts empty."""
    settings = Settings(image_model="tiny-sd3", model_cache_dir=image_cache, ai_device="cpu")
    return DiffusersImageGenerator.from_settings(settings)


def test_generate_returns_a_png_of_the_model_size(generator: DiffusersImageGenerator) -> None:
    png = generator.generate(DESIGN, seed=7)

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (64, 64)
    assert is_built(generator.path)


def test_the_same_seed_gives_the_same_image(generator: DiffusersImageGenerator) -> None:
    first = generator.generate(DESIGN, seed=42)

    assert generator.generate(DESIGN, seed=42) == first
    assert generator.generate(DESIGN, seed=43) != first


@pytest.mark.parametrize(
    "prompt",
    ["", "   \n ", "x" * (MAX_PROMPT_CHARS + 1), "a cake shaped like a gun", "NUDE figure on top"],
)
def test_a_prompt_that_can_never_work_is_permanent(
    generator: DiffusersImageGenerator, prompt: str
) -> None:
    with pytest.raises(PermanentError):
        generator.generate(prompt, seed=1)


def test_an_unknown_model_is_refused_at_construction(image_cache: Path) -> None:
    with pytest.raises(ValueError, match="unknown IMAGE_MODEL"):
        DiffusersImageGenerator("no-such-model", image_cache)


def test_a_production_model_missing_from_the_cache_is_not_built(tmp_path: Path) -> None:
    missing = DiffusersImageGenerator("stable-diffusion-3.5-medium", tmp_path)

    with pytest.raises(FileNotFoundError):
        missing.generate(DESIGN, seed=1)
    assert not any(tmp_path.iterdir())


def test_cli_builds_the_model_once(tmp_path: Path) -> None:
    out = tmp_path / "tiny-sd3"
    runner = CliRunner()

    built = runner.invoke(app, ["build-tiny-image-model", "--out", str(out)])
    again = runner.invoke(app, ["build-tiny-image-model", "--out", str(out)])
    forced = runner.invoke(app, ["build-tiny-image-model", "--out", str(out), "--force"])

    assert built.exit_code == 0, built.output
    assert "built tiny image model" in built.output
    assert is_built(out)
    assert "already built" in again.output
    assert forced.exit_code == 0 and "built tiny image model" in forced.output
