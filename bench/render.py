"""BENCHMARKS.md from the stored sections, and the same tables on the console.

The prose around each table is hand-written in `bench/notes/<name>.md`: what comes before a
`<!-- figures -->` line is printed above the table, the rest below it. The figures, goals,
commands and environment come from `bench/results/<name>.json` only.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.section import REPOSITORY, RESULTS, Column, Row, Section, load_all, percent

NOTES = Path(__file__).with_name("notes")
REPORT = REPOSITORY / "BENCHMARKS.md"
MARKER = "<!-- figures -->"
# The order of the report; a section not listed here follows in name order.
ORDER = [
    "command_api",
    "relay",
    "end_to_end",
    "rebuild",
    "export",
    "voice",
    "voice_holdout",
    "peer",
    "auth",
    "web",
]


def cell(section: Section, row: Row, column: Column) -> str:
    value = section.value(row, column.key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if column.format == "percent":
        return percent(value)
    return column.format.format(value)


def ratio_cell(section: Section, row: Row, column: Column, *, beside: bool = True) -> str:
    """`32 % of 1,687` for a rate, `3.1 × 0.56` for a latency: the ratio and the raw figure."""
    ratio = section.ratio(row, column.key)
    if ratio is None or row.baseline is None:
        return ""
    text = percent(ratio) if column.ratio == "percent" else f"{ratio:.1f} ×"
    if not beside:
        return text
    baseline = cell(section, section.rows[row.baseline], column)
    return f"{text} of {baseline}" if column.ratio == "percent" else f"{text} {baseline}"


def headings(section: Section) -> list[str]:
    names: list[str] = []
    for column in section.columns:
        names.append(column.heading)
        if column.ratio:
            names.append("vs raw")
    return names


def cells(section: Section, row: Row, *, beside: bool = True) -> list[str]:
    out: list[str] = []
    for column in section.columns:
        out.append(cell(section, row, column))
        if column.ratio:
            out.append(ratio_cell(section, row, column, beside=beside))
    return out


def notes(name: str) -> tuple[str, str]:
    path = NOTES / f"{name}.md"
    if not path.exists():
        return "", ""
    before, _, after = path.read_text().partition(MARKER)
    return before.strip(), after.strip()


def provenance(section: Section) -> str:
    env = section.environment
    machine = ", ".join(
        part
        for part in (
            f"{env['cores']} cores" if "cores" in env else "",
            env.get("cpu", ""),
            env.get("memory", ""),
        )
        if part
    )
    line = f"Measured {section.measured_at}"
    if machine:
        line += f" on {machine}"
    if "commit" in env:
        line += f", commit {env['commit']}"
    line += "."
    return f"{line} {section.provenance}".strip()


def markdown_table(section: Section) -> list[str]:
    names = headings(section)
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(cells(section, row)) + " |" for row in section.rows]
    return lines


def markdown(section: Section) -> str:
    before, after = notes(section.name)
    parts = [f"## {section.title}", f"Command: `{section.command}`", provenance(section)]
    if before:
        parts.append(before)
    parts.append("\n".join(markdown_table(section)))
    if section.goals:
        parts.append(
            "\n".join(
                f"- Goal: {goal.text} — {'met' if goal.met else '**not met**'} ({goal.value})"
                for goal in section.goals
            )
        )
    for plot in section.plots:
        parts.append(f"![{Path(plot).stem}]({plot})")
    if after:
        parts.append(after)
    if section.environment:
        listed = "\n".join(f"- {key}: {value}" for key, value in section.environment.items())
        parts.append(f"<details><summary>Environment</summary>\n\n{listed}\n\n</details>")
    return "\n\n".join(parts)


def ordered(sections: list[Section]) -> list[Section]:
    rank = {name: n for n, name in enumerate(ORDER)}
    return sorted(sections, key=lambda s: (rank.get(s.name, len(ORDER)), s.name))


def document(sections: list[Section]) -> str:
    intro, _ = notes("intro")
    parts = ["# Benchmarks"]
    if intro:
        parts.append(intro)
    parts += [markdown(section) for section in ordered(sections)]
    return "\n\n".join(parts) + "\n"


def write_report(results: Path = RESULTS, out: Path = REPORT) -> Path:
    out.write_text(document(load_all(results)))
    return out


def wide_console() -> Console:
    """A terminal's own width; piped output gets room enough not to wrap every cell."""
    return Console() if sys.stdout.isatty() else Console(width=200)


def print_section(section: Section, console: Console | None = None) -> None:
    table = Table(title=section.title)
    for n, name in enumerate(headings(section)):
        table.add_column(name, justify="left" if n == 0 else "right")
    for row in section.rows:
        table.add_row(*cells(section, row, beside=False))  # a terminal is narrow
    console = console or wide_console()
    console.print(table)
    for goal in section.goals:
        verdict = "[green]met[/]" if goal.met else "[red]not met[/]"
        console.print(f"goal: {goal.text}: {verdict} ({goal.value})")
    for plot in section.plots:
        console.print(f"plot: {plot}")


if __name__ == "__main__":
    print(f"wrote {write_report()}")
