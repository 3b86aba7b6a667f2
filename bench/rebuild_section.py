"""The rebuild benchmark's figures as a report section.

Kept apart from `bench.rebuild`, which measures: that module's `main` returns
(raw COPY rows/s, rebuild events/s, events) and this one only shapes those figures.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.section import Column, Goal, Row, Section, percent, timestamp

COLUMNS = [
    Column("workload", "workload"),
    Column("events", "events"),
    Column("rate", "rows or events/s", ratio="percent"),
]
GOAL = 0.25


def run(command: str, plots: Path | None, events: int) -> Section:
    from bench import rebuild

    return section(*asyncio.run(rebuild.main(events)), command=command)


def section(raw: float, rebuilt: float, events: int, *, command: str) -> Section:
    from bench.environment import describe

    return Section(
        name="rebuild",
        title="Rebuild (issue: projections and query API)",
        command=command,
        measured_at=timestamp(),
        columns=COLUMNS,
        rows=[
            Row(
                {
                    "workload": "raw COPY of the same rows (same indexes)",
                    "events": events,
                    "rate": raw,
                }
            ),
            Row(
                {
                    "workload": "rebuild of every read model (read, fold, write, swap)",
                    "events": events,
                    "rate": rebuilt,
                },
                baseline=0,
            ),
        ],
        goals=[
            Goal(
                f"≥ {percent(GOAL)} of the raw baseline",
                rebuilt >= GOAL * raw,
                percent(rebuilt / raw) if raw else "no baseline",
            )
        ],
        environment=describe(),
    )
