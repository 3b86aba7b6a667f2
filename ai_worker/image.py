"""Cake-design images through diffusers' Stable Diffusion 3 pipeline, loaded from local disk.

`IMAGE_MODEL` picks the model folder under `MODEL_CACHE_DIR` and, with it, the image size and
the number of steps; `AI_DEVICE` picks CPU (float32) or CUDA (float16). The tiny model is built
on first use when its folder is missing; any other model must already be in the cache.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import torch
from diffusers.pipelines.stable_diffusion_3.pipeline_stable_diffusion_3 import (
    StableDiffusion3Pipeline,
)

from ai_worker.lazy import LazyModel
from ai_worker.tiny_sd3 import build_tiny_sd3, is_built
from consumers.errors import PermanentError
from dinner.settings import Settings

MAX_PROMPT_CHARS = 300
PROMPT_TEMPLATE = "a celebration cake, top view, {design}, food photography, soft light"
NEGATIVE_PROMPT = "text, watermark, blurry, deformed"
REFUSED_WORDS = frozenset(
    {"blood", "gore", "gun", "nazi", "naked", "nude", "porn", "swastika", "weapon"}
)
TINY_MODEL = "tiny-sd3"


@dataclass(frozen=True)
class ImageModel:
    folder: str
    size: int
    steps: int
    guidance_scale: float


MODELS = {
    TINY_MODEL: ImageModel(TINY_MODEL, size=64, steps=2, guidance_scale=4.5),
    "stable-diffusion-3.5-medium": ImageModel(
        "stable-diffusion-3.5-medium", size=1024, steps=28, guidance_scale=4.5
    ),
}


def cake_prompt(design: str) -> str:
    """The customer's design inside the cake template, or `PermanentError` if it can't be drawn."""
    design = " ".join(design.split())
    if not design:
        raise PermanentError("the cake design prompt is empty")
    if len(design) > MAX_PROMPT_CHARS:
        raise PermanentError(f"the cake design prompt is over {MAX_PROMPT_CHARS} characters")
    refused = REFUSED_WORDS.intersection(re.findall(r"[a-z]+", design.lower()))
    if refused:
        raise PermanentError(f"the cake design prompt asks for refused content: {sorted(refused)}")
    return PROMPT_TEMPLATE.format(design=design)


class DiffusersImageGenerator:
    """An `ImageGenerator`: loads the pipeline once, on first use, and draws one image at a time.

    The pipeline's scheduler keeps per-call state, so calls from the worker's threads are
    serialised rather than run concurrently on one pipeline.
    """

    def __init__(self, model: str, cache_dir: Path, device: Literal["cpu", "cuda"] = "cpu") -> None:
        if model not in MODELS:
            raise ValueError(f"unknown IMAGE_MODEL {model!r}; choose one of {sorted(MODELS)}")
        self.model = MODELS[model]
        self.path = cache_dir / self.model.folder
        self.device = device
        self.weights = LazyModel(self.model.folder, self._load)

    @classmethod
    def from_settings(cls, settings: Settings) -> DiffusersImageGenerator:
        return cls(settings.image_model, settings.model_cache_dir, settings.ai_device)

    def generate(self, prompt: str, *, seed: int) -> bytes:
        full_prompt = cake_prompt(prompt)
        with self.weights.using() as pipeline:
            generator = torch.Generator(device=self.device).manual_seed(seed % 2**64)
            output = pipeline(
                prompt=full_prompt,
                negative_prompt=NEGATIVE_PROMPT,
                height=self.model.size,
                width=self.model.size,
                num_inference_steps=self.model.steps,
                guidance_scale=self.model.guidance_scale,
                generator=generator,
                output_type="pil",
            )
        buffer = io.BytesIO()
        output.images[0].save(buffer, format="PNG")
        return buffer.getvalue()

    def _load(self) -> StableDiffusion3Pipeline:
        if not is_built(self.path):
            if self.model.folder != TINY_MODEL:
                raise FileNotFoundError(f"image model not found in {self.path}")
            build_tiny_sd3(self.path)
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        pipeline = StableDiffusion3Pipeline.from_pretrained(
            self.path, dtype=dtype, local_files_only=True
        )
        pipeline.set_progress_bar_config(disable=True)  # type: ignore[no-untyped-call]
        return pipeline.to(self.device)
