"""Order interpretation by an instruction-tuned LLM whose output is held to a JSON schema.

CPU: llama.cpp (llama-cpp-python) with a GGUF model shipped in PyPI packages. GPU: vLLM with
`Qwen/Qwen3-4B-Instruct-2507` from `MODEL_CACHE_DIR`. Both decode greedily (temperature 0), so
the same transcript gives the same draft, and both report how probable the model found each token
it chose before the schema constrained it: that is the certainty behind the draft's confidence.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from ai_worker.engines import Interpretation, MenuChoice
from ai_worker.interpretation import validate
from ai_worker.lazy import LazyModel
from ai_worker.models import gguf_file, in_cache, is_gguf
from ai_worker.prompts import chat, heard_as_meant, output_schema
from consumers.errors import PermanentError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from dinner.settings import Settings

MAX_TRANSCRIPT_CHARS = 2_000
MAX_ANSWER_TOKENS = 400
Messages = list[dict[str, str]]


@dataclass(frozen=True)
class Completion:
    text: str
    token_probabilities: tuple[float, ...]

    @property
    def certainty(self) -> float:
        """Geometric mean of the chosen tokens' probabilities, times the least certain one."""
        if not self.token_probabilities:
            return 0.0
        floor = [max(p, 1e-6) for p in self.token_probabilities]
        mean = math.exp(sum(math.log(p) for p in floor) / len(floor))
        return min(1.0, mean * math.pow(min(floor), 0.25))


class ChatBackend(Protocol):
    def complete(self, messages: Messages, schema: dict[str, Any]) -> Completion: ...


class LlmOrderInterpreter:
    """`OrderInterpreter`: prompt, schema-constrained completion, validation against the menu."""

    def __init__(self, backend: ChatBackend) -> None:
        self.backend = backend

    def interpret(
        self, transcript: str, menu: list[MenuChoice], *, now: datetime
    ) -> Interpretation:
        said = " ".join(transcript.split())
        if not said:
            raise PermanentError("nothing was said: the transcript is empty")
        if len(said) > MAX_TRANSCRIPT_CHARS:
            raise PermanentError(f"a transcript of {len(said)} characters is not an order")
        offered = [choice for choice in menu if choice.available]
        if not offered:
            raise PermanentError("the menu offers nothing to order")
        said = heard_as_meant(said, offered)
        completion = self.backend.complete(chat(said, offered), output_schema(offered))
        try:
            answer = json.loads(completion.text)
        except json.JSONDecodeError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        return validate(answer, menu, transcript=said, now=now, certainty=completion.certainty)


# --- llama.cpp -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LlamaCppConfig:
    model: str = "qwen2.5-coder-1.5b-instruct-q4_k_m"
    cache_dir: Path = Path("models")
    gpu: bool = False
    n_ctx: int = 4096
    n_threads: int = max(1, min(os.cpu_count() or 1, 8))


class LlamaCppBackend:
    """One `llama_cpp.Llama`, loaded on first use and used by one thread at a time."""

    def __init__(self, config: LlamaCppConfig) -> None:
        self.config = config
        self.weights: LazyModel[Any] = LazyModel(config.model, self._load)

    def load(self) -> None:
        self.weights.get()

    def _load(self) -> Any:
        from llama_cpp import Llama

        return Llama(
            model_path=str(gguf_file(self.config.model, self.config.cache_dir)),
            n_ctx=self.config.n_ctx,
            n_threads=self.config.n_threads,
            n_gpu_layers=-1 if self.config.gpu else 0,
            seed=0,
            verbose=False,
        )

    def complete(self, messages: Messages, schema: dict[str, Any]) -> Completion:
        from llama_cpp import LogitsProcessorList

        with self.weights.using() as llama:
            probabilities = _ChosenTokenProbabilities()
            response = llama.create_chat_completion(
                messages=messages,
                response_format={"type": "json_object", "schema": schema},
                temperature=0.0,
                max_tokens=MAX_ANSWER_TOKENS,
                logits_processor=LogitsProcessorList([probabilities]),
            )
        text = cast(str, response["choices"][0]["message"]["content"] or "")
        return Completion(text, tuple(probabilities.values))


class _ChosenTokenProbabilities:
    """A logits processor that only watches: p(token the sampler chose) under the raw logits.

    It sees the logits of step k before the grammar masks them, and the token chosen at step k
    as the last input id of step k+1.
    """

    def __init__(self) -> None:
        self.values: list[float] = []
        self._previous: npt.NDArray[np.single] | None = None

    def __call__(
        self, input_ids: npt.NDArray[np.intc], scores: npt.NDArray[np.single]
    ) -> npt.NDArray[np.single]:
        import numpy as np

        if self._previous is not None and len(input_ids):
            shifted = np.exp(self._previous - self._previous.max())
            self.values.append(float(shifted[int(input_ids[-1])] / shifted.sum()))
        self._previous = scores.copy()
        return scores


# --- vLLM ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VllmConfig:
    model: str = "Qwen/Qwen3-4B-Instruct-2507"
    cache_dir: Path = Path("models")
    gpu_memory_utilization: float = 0.9
    max_model_len: int = 8192


class VllmBackend:
    """vLLM on a GPU with JSON-schema structured output; imported only when used."""

    def __init__(self, config: VllmConfig) -> None:
        self.config = config
        self.weights: LazyModel[Any] = LazyModel(config.model, self._load)

    def load(self) -> None:
        self.weights.get()

    def _load(self) -> Any:
        from vllm import LLM  # type: ignore[import-not-found, unused-ignore]

        return LLM(
            model=str(in_cache(self.config.cache_dir, self.config.model)),
            gpu_memory_utilization=self.config.gpu_memory_utilization,
            max_model_len=self.config.max_model_len,
            enable_prefix_caching=True,
            seed=0,
        )

    def complete(self, messages: Messages, schema: dict[str, Any]) -> Completion:
        with self.weights.using() as llm:
            outputs = llm.chat([messages], _sampling_params(schema), use_tqdm=False)
        answer = outputs[0].outputs[0]
        return Completion(answer.text, _chosen_probabilities(answer.token_ids, answer.logprobs))


def _sampling_params(schema: dict[str, Any]) -> Any:
    import vllm.sampling_params as sp  # type: ignore[import-not-found, unused-ignore]

    common: dict[str, Any] = {"temperature": 0.0, "max_tokens": MAX_ANSWER_TOKENS, "logprobs": 0}
    if hasattr(sp, "StructuredOutputsParams"):  # vLLM >= 0.11
        return sp.SamplingParams(
            structured_outputs=sp.StructuredOutputsParams(json=schema), **common
        )
    return sp.SamplingParams(guided_decoding=sp.GuidedDecodingParams(json=schema), **common)


def _chosen_probabilities(token_ids: Sequence[int], logprobs: Any) -> tuple[float, ...]:
    if not logprobs:
        return ()
    return tuple(
        math.exp(step[token].logprob) for token, step in zip(token_ids, logprobs, strict=False)
    )


# --- composition ---------------------------------------------------------------------------------


def chat_backend_from_settings(settings: Settings) -> LlamaCppBackend | VllmBackend:
    """llama.cpp for GGUF models (offloaded to the GPU on `cuda`), vLLM for the others."""
    if is_gguf(settings.llm_model):
        return LlamaCppBackend(
            LlamaCppConfig(
                model=settings.llm_model,
                cache_dir=settings.model_cache_dir,
                gpu=settings.ai_device == "cuda",
            )
        )
    return VllmBackend(
        VllmConfig(
            model=settings.llm_model,
            cache_dir=settings.model_cache_dir,
            gpu_memory_utilization=settings.gpu_memory_utilization,
        )
    )


def order_interpreter_from_settings(settings: Settings) -> LlmOrderInterpreter:
    return LlmOrderInterpreter(chat_backend_from_settings(settings))
