"""The voice-order evaluation's figures as a report section.

Kept apart from `bench.voice_eval`, which measures. The baseline of a speech model's row is
the same interpreter reading the written order text (`--reference`): what is lost beside it
is lost to speech recognition.
"""

from __future__ import annotations

from pathlib import Path

from bench.section import Column, Goal, Row, Section, percent, timestamp

COLUMNS = [
    Column("workload", "STT"),
    Column("llm", "LLM"),
    Column("wer", "WER", "{:.3f}"),
    Column("rtf", "STT time ÷ audio", "{:.3f}"),
    Column("items", "items right"),
    Column("times", "time right"),
    Column("exact", "exact match", "percent", ratio="percent"),
    Column("per_order", "s per order", "{:.1f}"),
]
GOAL = 0.9


def run(command: str, plots: Path | None, stt: list[str], llm: list[str], orders: str) -> Section:
    from bench import voice_eval

    orders_file = Path(orders)
    stt_runs, llm_runs = voice_eval.main(
        stt, llm, reference=True, show_misses=False, orders_file=orders_file
    )
    _, loaded = voice_eval.load_orders(orders_file)
    held_out = orders_file.resolve() != voice_eval.ORDERS.resolve()
    return section(stt_runs, llm_runs, len(loaded), command=command, held_out=held_out)


def section(
    stt_runs: list, llm_runs: list, count: int, *, command: str, held_out: bool = False
) -> Section:
    """`stt_runs`, `llm_runs`: `bench.voice_eval.SttRun` and `LlmRun`. A held-out set (orders
    no prompt or setting was tuned on) gets a section of its own beside the main one."""
    from bench.environment import describe
    from dinner.settings import Settings

    by_model = {run.model: run for run in stt_runs}
    reference_at: dict[str, int] = {}
    rows: list[Row] = []
    for run in llm_runs:
        stt = by_model.get(run.stt)
        values = {
            "workload": run.stt if stt else f"{run.stt} (no STT)",
            "llm": run.llm,
            "wer": stt.errors / stt.words if stt and stt.words else None,
            "rtf": stt.seconds / stt.audio_seconds if stt and stt.audio_seconds else None,
            "items": f"{run.items}/{count}",
            "times": f"{run.times}/{count}",
            "exact": run.exact / count,
            "per_order": (run.seconds + (stt.seconds if stt else 0.0)) / count,
        }
        if stt is None:
            reference_at[run.llm] = len(rows)
        rows.append(Row(values, reference_at.get(run.llm) if stt else None))
    default = Settings().stt_model
    goals = [
        Goal(
            f"≥ {percent(GOAL)} exact match on the CPU default ({default})",
            run.exact >= GOAL * count,
            percent(run.exact / count),
        )
        for run in llm_runs
        if run.stt == default
    ][:1]
    return Section(
        name="voice_holdout" if held_out else "voice",
        title=f"Voice orders{', held-out set' if held_out else ''} (issue: AI workers)",
        command=command,
        measured_at=timestamp(),
        columns=COLUMNS,
        rows=rows,
        goals=goals,
        environment=describe(),
    )
