"""One benchmark's figures as data: what the report renders and what `bench/results/` keeps.

Each benchmark run produces a `Section`; it is stored as `bench/results/<name>.json`, so one
benchmark can be run again without losing the figures of the others.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

Value = float | int | str | None
Ratio = Literal["percent", "times"]

BENCH = Path(__file__).parent
REPOSITORY = BENCH.parent
RESULTS = BENCH / "results"
PLOTS = BENCH / "plots"


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    format: str = "{:,.0f}"  # or "percent" for a fraction shown as "86 %"
    # Adds a column after this one with the row's value against its baseline row's value:
    # "percent" for rates (higher is better), "times" for latencies (lower is better).
    ratio: Ratio | None = None


@dataclass(frozen=True)
class Row:
    values: dict[str, Value]
    baseline: int | None = None  # index of the raw baseline row in the same section


@dataclass(frozen=True)
class Goal:
    text: str
    met: bool
    value: str


@dataclass
class Section:
    name: str
    title: str
    command: str
    measured_at: str
    columns: list[Column]
    rows: list[Row]
    goals: list[Goal] = field(default_factory=list)
    plots: list[str] = field(default_factory=list)  # paths relative to the repository
    environment: dict[str, str] = field(default_factory=dict)
    # Where the figures come from when they were not measured by this code as it stands.
    provenance: str = ""

    def value(self, row: Row, key: str) -> Value:
        return row.values.get(key)

    def ratio(self, row: Row, key: str) -> float | None:
        if row.baseline is None:
            return None
        mine, theirs = row.values.get(key), self.rows[row.baseline].values.get(key)
        if not isinstance(mine, int | float) or not isinstance(theirs, int | float) or not theirs:
            return None
        return float(mine) / float(theirs)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Section:
        raw: dict[str, Any] = json.loads(text)
        raw["columns"] = [Column(**c) for c in raw["columns"]]
        raw["rows"] = [Row(**r) for r in raw["rows"]]
        raw["goals"] = [Goal(**g) for g in raw.get("goals", [])]
        return cls(**raw)


def percent(fraction: float) -> str:
    return f"{fraction * 100:.0f} %"


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def save(section: Section, folder: Path = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{section.name}.json"
    path.write_text(section.to_json())
    return path


def load_all(folder: Path = RESULTS) -> list[Section]:
    return [Section.from_json(path.read_text()) for path in sorted(folder.glob("*.json"))]


def relative(path: Path) -> str:
    """A plot's path as the report links it: from the repository root where possible."""
    try:
        return str(path.resolve().relative_to(REPOSITORY))
    except ValueError:
        return str(path)
