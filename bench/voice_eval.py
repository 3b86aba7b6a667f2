"""Voice orders end to end on the CPU models: synthesised speech → STT → interpreter → draft.

Each order in `bench/voice_orders.json` is spoken by espeak-ng (several voices and speeds),
converted by sox to 16 kHz mono WAV (with a fixed dither seed, so every run hears the same
audio), transcribed by every STT model asked for, and interpreted by every LLM asked for, from
each transcript and from the reference text. A draft matches exactly when its items, quantities,
serving styles and delivery time all equal the expected order.

    .venv/bin/python -m bench.voice_eval [--stt tiny.en base] [--llm MODEL] [--reference]
                                         [--show-misses] [--orders FILE]

`--reference` also interprets the written order text, which separates the interpreter's own
errors from those of speech recognition. `--orders bench/voice_orders_holdout.json` runs the
held-out orders, which no prompt or setting was tuned on. Progress goes to stderr, one line per
order.

Needs the Debian packages espeak-ng and sox.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ai_worker.engines import Interpretation, MenuChoice
from ai_worker.llm import LlamaCppBackend, LlamaCppConfig, LlmOrderInterpreter
from ai_worker.prompts import stt_prompt
from ai_worker.stt import FasterWhisperSpeechToText, WhisperConfig
from dinner.settings import Settings
from domain.catalogue import DEFAULT_MENU

ORDERS = Path(__file__).with_name("voice_orders.json")
REFERENCE = "reference text"
PROGRESS = Console(stderr=True)
NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
TENS = {"00": "", "15": "fifteen", "30": "thirty", "40": "forty", "45": "forty five"}


@dataclass(frozen=True)
class Order:
    id: str
    voice: str
    speed: int
    text: str
    expected: tuple[frozenset[tuple[str, int, str | None]], str | None]


@dataclass
class SttRun:
    model: str
    load_seconds: float
    rss_mb: float
    transcripts: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    audio_seconds: float = 0.0
    errors: int = 0
    words: int = 0


@dataclass
class LlmRun:
    stt: str
    llm: str
    exact: int = 0
    items: int = 0
    times: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)


def default_menu() -> list[MenuChoice]:
    return [
        MenuChoice(entry.menu_item_id, entry.name, entry.kind, tuple(entry.serving_styles))
        for entry in DEFAULT_MENU
    ]


def load_orders(path: Path = ORDERS) -> tuple[datetime, list[Order]]:
    data = json.loads(path.read_text())
    orders = [
        Order(
            raw["id"],
            raw["voice"],
            raw["speed"],
            raw["text"],
            (
                frozenset((i["item"], i["quantity"], i["style"]) for i in raw["items"]),
                raw["requested_for"],
            ),
        )
        for raw in data["orders"]
    ]
    return datetime.fromisoformat(data["now"]), orders


def synthesise(order: Order, folder: Path) -> Path:
    raw, wav = folder / f"{order.id}.raw.wav", folder / f"{order.id}.wav"
    subprocess.run(
        ["espeak-ng", "-v", order.voice, "-s", str(order.speed), "-w", str(raw), order.text],
        check=True,
    )
    # -R seeds sox's dither: tiny.en hears that noise, and a fresh draw flips a few orders per run
    subprocess.run(
        ["sox", "-R", "-G", "-V1", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav)],
        check=True,
    )
    return wav


# --- word error rate -----------------------------------------------------------------------------


def normalise(text: str) -> list[str]:
    """Lower case, no punctuation, digits and clock times spelt out ("7:30pm" → seven thirty pm).

    Whisper writes half past six as "6:30", "6.30" or "630 pm"; all are the words said.
    """
    text = text.lower().replace("'", "").replace("p.m.", "pm").replace("a.m.", "am")
    text = re.sub(r"(\d)\s*([ap]m)\b", r"\1 \2", text)
    text = re.sub(r"\b(\d{1,2})(\d\d)(?= [ap]m\b)", r"\1:\2", text)
    text = re.sub(r"(\d+)[:.](\d\d)", lambda m: f"{m[1]} {TENS.get(m[2], m[2])}", text)
    words = re.findall(r"[a-z]+|\d+", text)
    return [NUMBERS[int(w)] if w.isdigit() and int(w) < len(NUMBERS) else w for w in words]


def word_errors(reference: list[str], hypothesis: list[str]) -> int:
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


# --- runs ----------------------------------------------------------------------------------------


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_stt(model: str, orders: list[Order], audio: dict[str, Path], cache: Path) -> SttRun:
    prompt = stt_prompt(default_menu())
    engine = FasterWhisperSpeechToText(WhisperConfig(model=model, cache_dir=cache))
    started = time.perf_counter()
    engine.load()
    run = SttRun(model, time.perf_counter() - started, rss_mb())
    for order in orders:
        started = time.perf_counter()
        transcript = engine.transcribe(audio[order.id], prompt=prompt)
        run.seconds += time.perf_counter() - started
        run.audio_seconds += transcript.audio_seconds
        run.transcripts[order.id] = transcript.text
        reference = normalise(order.text)
        run.errors += word_errors(reference, normalise(transcript.text))
        run.words += len(reference)
    return run


def judge(order: Order, result: Interpretation) -> tuple[bool, bool]:
    items = frozenset((ln.menu_item_id, ln.quantity, ln.serving_style) for ln in result.lines)
    when = result.requested_for.strftime("%Y-%m-%dT%H:%M") if result.requested_for else None
    return items == order.expected[0], when == order.expected[1]


def run_llm(
    interpreter: LlmOrderInterpreter,
    label: tuple[str, str],
    orders: list[Order],
    transcripts: dict[str, str],
    now: datetime,
) -> LlmRun:
    run = LlmRun(*label)
    menu = default_menu()
    for order in orders:
        started = time.perf_counter()
        result = interpreter.interpret(transcripts[order.id], menu, now=now)
        run.seconds += time.perf_counter() - started
        items_ok, time_ok = judge(order, result)
        run.items += items_ok
        run.times += time_ok
        run.exact += items_ok and time_ok
        if not (items_ok and time_ok):
            run.misses.append(f"{order.id} {transcripts[order.id]!r} → {_brief(result)}")
        PROGRESS.print(
            f"{run.stt} / {run.llm} {order.id}: {'ok' if items_ok and time_ok else 'miss'}"
        )
    return run


def _brief(result: Interpretation) -> str:
    lines = ", ".join(
        f"{ln.quantity}×{ln.menu_item_id}{'/' + ln.serving_style if ln.serving_style else ''}"
        for ln in result.lines
    )
    when = f"{result.requested_for:%a %H:%M}" if result.requested_for else "no time"
    return f"[{lines}] {when} conf={result.confidence} {list(result.problems)}"


# --- report --------------------------------------------------------------------------------------


def report(
    stt_runs: list[SttRun],
    llm_runs: list[LlmRun],
    loads: dict[str, tuple[float, float]],
    count: int,
) -> None:
    by_stt = {run.model: run for run in stt_runs}
    table = Table(title=f"Voice orders on the CPU ({count} synthesised orders, same run)")
    for column in (
        "STT",
        "LLM",
        "WER",
        "STT × real time",
        "items right",
        "time right",
        "exact match",
        "s / voice order",
    ):
        table.add_column(column, justify="left" if column in ("STT", "LLM") else "right")
    for run in llm_runs:
        stt = by_stt.get(run.stt)
        wer = f"{stt.errors / stt.words:.3f}" if stt else "—"
        rtf = f"{stt.seconds / stt.audio_seconds:.3f}" if stt else "—"
        per_order = run.seconds / count + (stt.seconds / count if stt else 0.0)
        table.add_row(
            run.stt,
            run.llm,
            wer,
            rtf,
            f"{run.items}/{count}",
            f"{run.times}/{count}",
            f"{run.exact / count:.0%}",
            f"{per_order:.2f}",
        )
    console = Console()
    console.print(table)
    for name, (seconds, rss) in loads.items():
        console.print(f"load {name}: {seconds:.1f} s, process peak RSS after load {rss:.0f} MB")


def main(
    stt_models: list[str],
    llm_models: list[str],
    reference: bool,
    show_misses: bool,
    orders_file: Path = ORDERS,
) -> tuple[list[SttRun], list[LlmRun]]:
    now, orders = load_orders(orders_file)
    cache = Settings().model_cache_dir
    stt_runs, llm_runs, loads = [], [], {}
    with tempfile.TemporaryDirectory(prefix="voice-eval-") as folder:
        audio = {order.id: synthesise(order, Path(folder)) for order in orders}
        for model in stt_models:
            stt_runs.append(run_stt(model, orders, audio, cache))
            loads[model] = (stt_runs[-1].load_seconds, stt_runs[-1].rss_mb)
    for llm in llm_models:
        backend = LlamaCppBackend(LlamaCppConfig(model=llm, cache_dir=cache))
        started = time.perf_counter()
        backend.load()
        loads[llm] = (time.perf_counter() - started, rss_mb())
        interpreter = LlmOrderInterpreter(backend)
        sources = [(REFERENCE, {o.id: o.text for o in orders})] if reference else []
        sources += [(run.model, run.transcripts) for run in stt_runs]
        for source, transcripts in sources:
            llm_runs.append(run_llm(interpreter, (source, llm), orders, transcripts, now))
    report(stt_runs, llm_runs, loads, len(orders))
    if show_misses:
        for run in llm_runs:
            for miss in run.misses:
                print(f"{run.stt} / {run.llm}: {miss}")
    return stt_runs, llm_runs


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stt", nargs="+", default=["tiny.en", "base"])
    parser.add_argument("--llm", nargs="+", default=[Settings().llm_model])
    parser.add_argument("--reference", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--orders", type=Path, default=ORDERS)
    args = parser.parse_args()
    main(args.stt, args.llm, args.reference, args.show_misses, args.orders)
