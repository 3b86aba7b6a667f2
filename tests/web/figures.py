"""The web app's figures as a benchmark report section (bench/results/web.json).

`tests/web/test_browser.py` leaves what it measured in web/test-results/: the first-load
JavaScript of each route (gzipped, from the built app's own HTML) and the time from a staff
member's click to the customer's screen changing, over 50 status changes. This turns them into
the section `dinner bench` renders into BENCHMARKS.md:

    .venv/bin/pytest tests/web/test_browser.py && .venv/bin/python -m tests.web.figures
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.environment import describe
from bench.section import Column, Goal, Row, Section, save, timestamp

RESULTS = Path(__file__).resolve().parents[2] / "web" / "test-results"
MENU_GOAL_KB = 150.0
COMMAND = ".venv/bin/pytest tests/web/test_browser.py && .venv/bin/python -m tests.web.figures"

COLUMNS = [
    Column("workload", "measure"),
    Column("value", "value", "{:,.1f}"),
    Column("unit", "unit"),
]


def section(sizes: dict[str, int], latency: dict[str, float]) -> Section:
    rows = [
        Row({"workload": f"first-load JS {route}", "value": size / 1024, "unit": "kB gzipped"})
        for route, size in sizes.items()
    ]
    rows += [
        Row({"workload": f"staff click → customer screen, {name}", "value": value, "unit": "ms"})
        for name, value in (("p50", latency["p50_ms"]), ("p99", latency["p99_ms"]))
    ]
    menu_kb = sizes["/customer"] / 1024
    return Section(
        name="web",
        title="Web app: first-load JavaScript and live status latency (issue: web apps)",
        command=COMMAND,
        measured_at=timestamp(),
        columns=COLUMNS,
        rows=rows,
        goals=[
            Goal(
                f"customer menu page ≤ {MENU_GOAL_KB:.0f} kB of JavaScript gzipped",
                menu_kb <= MENU_GOAL_KB,
                f"{menu_kb:.1f} kB",
            ),
            Goal(
                f"p50/p99 over {int(latency['changes'])} status changes, measured in the browser",
                True,
                f"{latency['p50_ms']:.0f} / {latency['p99_ms']:.0f} ms",
            ),
        ],
        environment=describe(),
    )


def main() -> None:
    sizes = json.loads((RESULTS / "first-load-js.json").read_text())
    latency = json.loads((RESULTS / "latency.json").read_text())
    path = save(section(sizes, latency))
    print(f"wrote {path}")  # noqa: T201 - a command-line tool's one line of output


if __name__ == "__main__":
    main()
