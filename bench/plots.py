"""PNG figures for the report: latency distributions and lag over time (matplotlib, Agg)."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on servers and in CI

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

Series = dict[str, list[float]]


def _cdf(axes: Axes, series: Series, colours: dict[str, str]) -> None:
    for label, values in series.items():
        if not values:
            continue
        ordered = sorted(values)
        fractions = [(n + 1) / len(ordered) for n in range(len(ordered))]
        axes.step(ordered, fractions, where="post", label=label, color=colours[label])
    axes.set_xscale("log")
    # Ticks at 1, 2, 5 × 10ⁿ read as plain numbers; minor labels would overlap them.
    axes.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.set_xlabel("latency (ms, log scale)")
    axes.set_ylabel("fraction of calls ≤ latency")
    axes.axhline(0.99, color="grey", linewidth=0.5, linestyle=":")
    axes.axhline(0.5, color="grey", linewidth=0.5, linestyle=":")
    axes.grid(True, which="both", linewidth=0.3)


def latency_cdfs(path: Path, title: str, panels: dict[str, Series]) -> Path:
    """One cumulative distribution per panel (e.g. per concurrency), a line per workload."""
    columns = 2 if len(panels) == 4 else min(3, len(panels)) or 1
    rows = math.ceil(len(panels) / columns) or 1
    figure, grid = plt.subplots(
        rows, columns, figsize=(5 * columns, 4 * rows), squeeze=False, constrained_layout=True
    )
    # The same workload keeps its colour in every panel.
    names = list(dict.fromkeys(label for series in panels.values() for label in series))
    colours = {label: f"C{n % 10}" for n, label in enumerate(names)}
    for axes, (name, series) in zip(grid.flat, panels.items(), strict=False):
        _cdf(axes, series, colours)
        axes.set_title(name)
    for axes in list(grid.flat)[len(panels) :]:
        axes.set_visible(False)
    # One legend for all panels, below them, so it never hides a line.
    labels: dict[str, Any] = {}
    for axes in grid.flat:
        for handle, label in zip(*axes.get_legend_handles_labels(), strict=True):
            labels.setdefault(label, handle)
    figure.legend(
        list(labels.values()),
        list(labels),
        loc="outside lower center",
        ncols=min(3, len(labels)) or 1,
        fontsize="small",
    )
    figure.suptitle(title)
    return _save(figure, path)


def histogram(path: Path, title: str, series: Series, bins: int = 60) -> Path:
    figure, axes = plt.subplots(figsize=(7, 4), constrained_layout=True)
    for label, values in series.items():
        if values:
            axes.hist(values, bins=bins, alpha=0.6, label=label)
    axes.set_xlabel("latency (ms)")
    axes.set_ylabel("calls")
    axes.set_title(title)
    axes.legend(fontsize="small")
    return _save(figure, path)


def lag_over_time(path: Path, title: str, samples: list[tuple[float, float]]) -> Path:
    """`samples`: (seconds since the start, lag in ms); p50, p99 and max per whole second."""
    by_second: defaultdict[int, list[float]] = defaultdict(list)
    for at, lag in samples:
        by_second[int(at)].append(lag)
    seconds = sorted(by_second)
    figure, (lags, counts) = plt.subplots(
        2, 1, figsize=(8, 6), sharex=True, height_ratios=[3, 1], constrained_layout=True
    )
    for label, q in (("p50", 0.5), ("p99", 0.99), ("max", 1.0)):
        values = [_quantile(by_second[s], q) for s in seconds]
        lags.plot(seconds, values, marker=".", label=label)
    lags.set_ylabel("lag (ms)")
    lags.set_title(title)
    lags.grid(True, linewidth=0.3)
    lags.legend(fontsize="small")
    counts.bar(seconds, [len(by_second[s]) for s in seconds], width=0.8)
    counts.set_xlabel("second of the run (when the command was answered)")
    counts.set_ylabel("orders")
    return _save(figure, path)


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _save(figure: plt.Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
