"""The benchmark report: sections survive JSON, render beside their baselines, and merge."""

from __future__ import annotations

from types import SimpleNamespace

from bench import render
from bench.section import Column, Goal, Row, Section, load_all, save
from bench.voice_section import section as voice_section
from cli.bench import command_line

COLUMNS = [
    Column("workload", "workload"),
    Column("rate", "ops/s", ratio="percent"),
    Column("p50", "p50 ms", "{:.2f}", ratio="times"),
]


def sample(name: str, system_rate: float) -> Section:
    return Section(
        name=name,
        title=f"Sample {name}",
        command=f"dinner bench {name} --requests 10",
        measured_at="2026-01-01 00:00 UTC",
        columns=COLUMNS,
        rows=[
            Row({"workload": "raw", "rate": 1687, "p50": 0.56}),
            Row({"workload": "system", "rate": system_rate, "p50": 1.81}, baseline=0),
            Row({"workload": "paced, no baseline", "rate": 773, "p50": None}),
        ],
        goals=[Goal("throughput ≥ 50 % of raw", system_rate >= 843.5, "32 %")],
        plots=["bench/plots/sample.png"],
        environment={"cores": "2", "cpu": "Test CPU", "commit": "abc1234"},
    )


def test_a_section_survives_its_json():
    original = sample("one", 543)
    assert Section.from_json(original.to_json()) == original


def test_every_figure_stands_beside_its_baseline_and_command(tmp_path):
    save(sample("one", 543), tmp_path)
    out = render.write_report(tmp_path, tmp_path / "BENCHMARKS.md")
    text = out.read_text()

    assert "Command: `dinner bench one --requests 10`" in text
    assert "on 2 cores, Test CPU" in text and "commit abc1234" in text
    assert "| system | 543 | 32 % of 1,687 | 1.81 | 3.2 × 0.56 |" in text
    assert "| paced, no baseline | 773 |  |  |  |" in text
    assert "**not met** (32 %)" in text
    assert "![sample](bench/plots/sample.png)" in text


def test_running_one_benchmark_again_keeps_the_others(tmp_path):
    save(sample("one", 543), tmp_path)
    save(sample("two", 600), tmp_path)
    save(sample("one", 1000), tmp_path)  # "one" measured again

    text = render.document(load_all(tmp_path))
    assert "59 % of 1,687" in text and "36 % of 1,687" in text and "32 % of" not in text
    assert text.index("## Sample one") < text.index("## Sample two")


def test_the_voice_rows_compare_with_reading_the_written_text():
    stt = SimpleNamespace(model="tiny.en", errors=9, words=100, seconds=10.0, audio_seconds=100.0)
    llm = [
        SimpleNamespace(stt="reference text", llm="q", exact=36, items=36, times=36, seconds=36.0),
        SimpleNamespace(stt="tiny.en", llm="q", exact=31, items=33, times=34, seconds=36.0),
    ]
    built = voice_section([stt], llm, 36, command="dinner bench voice")
    cells = render.cells(built, built.rows[1])
    assert cells[:6] == ["tiny.en", "q", "0.090", "0.100", "33/36", "34/36"]
    assert cells[6:8] == ["86 %", "86 % of 100 %"]
    assert [goal.met for goal in built.goals] == [False]


def test_the_recorded_command_repeats_the_run():
    options = {"requests": 3000, "concurrency": [1, 8], "paced_seconds": 10.0}
    assert command_line("command-api", options).endswith(
        "dinner bench command-api --requests 3000 --concurrency 1 --concurrency 8"
        " --paced-seconds 10.0"
    )
