"""`dinner ai …`: preparing the AI worker's models."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dinner.settings import Settings

app = typer.Typer(no_args_is_help=True, help="The AI worker's models.")
console = Console()


@app.callback()
def ai() -> None:
    """The AI worker's models."""  # a callback keeps this a group while it has one command


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1_000_000


@app.command("build-tiny-image-model")
def build_tiny_image_model(
    out: Annotated[
        Path | None,
        typer.Option(help="Where to save it; default MODEL_CACHE_DIR/tiny-sd3."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Build again even if it is already there.")] = False,
) -> None:
    """Build the tiny random-weight SD3 pipeline used on the CPU and in tests."""
    # Imported here: torch and diffusers take seconds to import, and other commands need neither.
    from ai_worker.tiny_sd3 import build_tiny_sd3, is_built

    target = out if out is not None else Settings().model_cache_dir / "tiny-sd3"
    if is_built(target) and not force:
        console.print(f"tiny image model already built in {target} ({_size_mb(target):.1f} MB)")
        return
    if force and target.exists():
        shutil.rmtree(target)
    build_tiny_sd3(target)
    console.print(f"built tiny image model (SD3 pipeline) in {target} ({_size_mb(target):.1f} MB)")
