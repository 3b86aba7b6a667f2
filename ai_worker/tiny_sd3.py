"""A tiny random-weight Stable Diffusion 3 pipeline, built from configs alone (no download).

It has the production model's architecture in miniature, so the CPU and the tests go through
the real `StableDiffusion3Pipeline.from_pretrained` path. Its output is noise, by design. The
weights come from a fixed seed, so every build of it is the same model.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import torch
from diffusers.models.autoencoders.autoencoder_kl import AutoencoderKL
from diffusers.models.transformers.transformer_sd3 import SD3Transformer2DModel
from diffusers.pipelines.stable_diffusion_3.pipeline_stable_diffusion_3 import (
    StableDiffusion3Pipeline,
)
from diffusers.schedulers.scheduling_flow_match_euler_discrete import (
    FlowMatchEulerDiscreteScheduler,
)
from tokenizers.pre_tokenizers import ByteLevel
from transformers import (
    CLIPTextConfig,
    CLIPTextModelWithProjection,
    CLIPTokenizer,
    T5Config,
    T5EncoderModel,
    T5Tokenizer,
)

SEED = 20240613
# One token per character: room for a whole cake prompt, as 77 BPE tokens are for the real model.
CLIP_MAX_TOKENS = 512
CLIP_HIDDEN = 32
CLIP_PROJECTION = 32
T5_HIDDEN = 2 * CLIP_HIDDEN  # the two CLIP embeddings side by side fill the T5 width exactly
CLIP_SPECIALS = ("<|startoftext|>", "<|endoftext|>")
T5_SPECIALS = ("<pad>", "</s>", "<unk>")


def is_built(path: Path) -> bool:
    return (path / "model_index.json").is_file()


def _clip_tokenizer() -> CLIPTokenizer:
    """Byte-level BPE with no merges: every byte is a token, word-final bytes too."""
    alphabet = sorted(ByteLevel.alphabet())
    pieces = [*alphabet, *(f"{char}</w>" for char in alphabet), *CLIP_SPECIALS]
    vocab = {piece: index for index, piece in enumerate(pieces)}
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=CLIP_MAX_TOKENS)


def _t5_tokenizer() -> T5Tokenizer:
    """A unigram vocabulary of single characters, so any text splits without unknowns."""
    alphabet = sorted(ByteLevel.alphabet())
    pieces = [*T5_SPECIALS, "▁", *alphabet, *(f"▁{char}" for char in alphabet)]
    return T5Tokenizer(vocab=[(piece, -1.0) for piece in pieces], extra_ids=0)


def _clip_encoder(tokenizer: CLIPTokenizer) -> CLIPTextModelWithProjection:
    config = CLIPTextConfig(
        vocab_size=len(tokenizer),
        hidden_size=CLIP_HIDDEN,
        intermediate_size=4 * CLIP_HIDDEN,
        projection_dim=CLIP_PROJECTION,
        num_hidden_layers=2,
        num_attention_heads=4,
        max_position_embeddings=CLIP_MAX_TOKENS,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    return CLIPTextModelWithProjection(config)


def _t5_encoder(tokenizer: T5Tokenizer) -> T5EncoderModel:
    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=T5_HIDDEN,
        d_kv=16,
        d_ff=2 * T5_HIDDEN,
        num_layers=2,
        num_heads=4,
        relative_attention_num_buckets=8,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )
    return T5EncoderModel(config)


def _transformer() -> SD3Transformer2DModel:
    transformer: SD3Transformer2DModel = SD3Transformer2DModel(
        sample_size=32,
        patch_size=2,
        in_channels=4,
        out_channels=4,
        num_layers=2,
        attention_head_dim=8,
        num_attention_heads=4,
        joint_attention_dim=T5_HIDDEN,
        caption_projection_dim=32,
        pooled_projection_dim=2 * CLIP_PROJECTION,
        pos_embed_max_size=32,
    )
    return transformer


def _vae() -> AutoencoderKL:
    """Two blocks: a scale factor of 2, so a 64×64 image is a 32×32 latent."""
    vae: AutoencoderKL = AutoencoderKL(
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        block_out_channels=(8, 16),
        layers_per_block=1,
        latent_channels=4,
        norm_num_groups=4,
        sample_size=64,
        use_quant_conv=False,
        use_post_quant_conv=False,
        shift_factor=0.0609,
        scaling_factor=1.5035,
    )
    return vae


def _pipeline() -> StableDiffusion3Pipeline:
    clip_tokenizer, t5_tokenizer = _clip_tokenizer(), _t5_tokenizer()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEED)
        return StableDiffusion3Pipeline(
            transformer=_transformer(),
            scheduler=FlowMatchEulerDiscreteScheduler(shift=3.0),
            vae=_vae(),
            text_encoder=_clip_encoder(clip_tokenizer),
            tokenizer=clip_tokenizer,
            text_encoder_2=_clip_encoder(clip_tokenizer),
            tokenizer_2=clip_tokenizer,
            text_encoder_3=_t5_encoder(t5_tokenizer),
            tokenizer_3=t5_tokenizer,
        )


def build_tiny_sd3(target: Path) -> Path:
    """Build the pipeline and save it to `target`, which appears whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    staging.chmod(0o755)
    try:
        _pipeline().save_pretrained(staging)
        if is_built(target):
            return target  # another process finished first; its build is the same model
        if target.exists():
            shutil.rmtree(target)  # a leftover without a model index is not a model
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
