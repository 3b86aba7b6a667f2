"""Uploaded files under MEDIA_DIR, written so a crash never leaves a half file behind."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    with partial.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    partial.replace(target)


async def store_file(media_dir: Path, relative: Path, data: bytes) -> str:
    """Writes `data` under `media_dir` and returns its path relative to it."""
    await asyncio.to_thread(_write_atomically, media_dir / relative, data)
    return relative.as_posix()
