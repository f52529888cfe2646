"""The run report's charts, drawn by matplotlib as SVG when the report is built: the page needs no
script, no font and no network to show them."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import matplotlib
import pandas as pd

matplotlib.use("svg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

LOADED, DUPLICATE, QUARANTINED = "#4c78a8", "#f2b701", "#e45756"
PASSED, FAILED = "#54a24b", "#e45756"
_STYLE = {
    "svg.fonttype": "none",  # text stays text: searchable, and readable in the DOM
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
}


def _svg(fig, chart_id: str) -> str:
    """The figure as an inline <svg> whose internal ids are unique on the page."""
    buffer = io.StringIO()
    with plt.rc_context({"svg.hashsalt": chart_id}):
        fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    return re.sub(r"<svg ", f'<svg id="{chart_id}" role="img" ', text, count=1)


def _empty(chart_id: str, message: str) -> str:
    fig, ax = plt.subplots(figsize=(7, 0.8))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#666")
    return _svg(fig, chart_id)


def runs_over_time(labels: Sequence[str], loaded, duplicate, quarantined, links: Sequence[str]) -> str:
    """Stacked bars, one per ingest run (oldest on the left), each linked to its validation page."""
    chart_id = "chart-runs"
    if not labels:
        return _empty(chart_id, "no ingest run yet")
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(8, 3))
        x = range(len(labels))
        bottom = [0] * len(labels)
        stacks = ((loaded, LOADED, "loaded"), (duplicate, DUPLICATE, "duplicate"), (quarantined, QUARANTINED, "quarantined"))
        for values, color, name in stacks:
            bars = ax.bar(x, values, bottom=bottom, color=color, label=name, width=0.8)
            for bar, link in zip(bars, links, strict=True):
                bar.set_url(link)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        step = max(1, len(labels) // 12)
        ax.set_xticks(list(x)[::step], list(labels)[::step], rotation=30, ha="right")
        ax.set_ylabel("files")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(frameon=False, ncols=3, loc="upper left", bbox_to_anchor=(0, 1.15))
        return _svg(fig, chart_id)


def horizontal_bars(chart_id: str, labels: Sequence[str], values: Sequence[float], *, xlabel: str, empty: str,
                    colors: Sequence[str] | None = None, links: Sequence[str] | None = None) -> str:
    """One bar per label, the first on top."""
    if not labels:
        return _empty(chart_id, empty)
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(8, 0.6 + 0.28 * len(labels)))
        y = list(range(len(labels)))[::-1]
        bars = ax.barh(y, values, color=colors or LOADED)
        ax.set_yticks(y, [_cut(label) for label in labels])
        ax.set_xlabel(xlabel)
        if all(isinstance(v, int) for v in values):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for bar, value in zip(bars, values, strict=True):
            shown = f"{value:+.2f}" if isinstance(value, float) else str(value)
            ax.annotate(shown, (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3 if value >= 0 else -3, 0),
                        textcoords="offset points", va="center", ha="left" if value >= 0 else "right", fontsize=8)
        if links:
            for bar, link in zip(bars, links, strict=True):
                bar.set_url(link)
        if any(v < 0 for v in values):
            ax.axvline(0, color="#333", linewidth=0.8)
        return _svg(fig, chart_id)


def articles_per_day(days: Sequence, counts: Sequence[int]) -> str:
    chart_id = "chart-articles-per-day"
    if not days:
        return _empty(chart_id, "no article loaded yet")
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(8, 2.6))
        ax.bar(days, counts, color=LOADED, width=0.9)
        ax.set_ylabel("articles")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _date_axis(ax, days)
        return _svg(fig, chart_id)


def theme_trend(series: dict[str, tuple[Sequence, Sequence[int]]]) -> str:
    """One line per theme: articles per week."""
    chart_id = "chart-theme-trend"
    if not series:
        return _empty(chart_id, "no theme found yet")
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(8, 3))
        for label, (weeks, counts) in series.items():
            ax.plot(weeks, counts, marker="o", markersize=4, label=label)
        ax.set_ylabel("articles per week")
        ax.set_ylim(bottom=0, top=max(max(c) for _, c in series.values()) * 1.1 + 0.5)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
        _date_axis(ax, [w for weeks, _ in series.values() for w in weeks])
        return _svg(fig, chart_id)


def suite_outcomes(suites: Sequence[str], passed: Sequence[int], failed: Sequence[int], links: Sequence[str | None]) -> str:
    """Runs per suite that passed and failed; a suite's failed bar links to its last failing run."""
    chart_id = "chart-validation"
    if not suites:
        return _empty(chart_id, "no suite evaluated yet")
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(8, 0.6 + 0.3 * len(suites)))
        y = list(range(len(suites)))[::-1]
        ax.barh(y, passed, color=PASSED, label="passed")
        bars = ax.barh(y, failed, left=passed, color=FAILED, label="failed")
        for bar, link in zip(bars, links, strict=True):
            if link:
                bar.set_url(link)
        ax.set_yticks(y, suites)
        ax.set_xlabel("runs")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(frameon=False, ncols=2, loc="lower right", bbox_to_anchor=(1, 1))
        return _svg(fig, chart_id)


def _date_axis(ax, dates: Sequence) -> None:
    """Concise date labels; a single date gets a week either side, so its point shows."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if len(set(dates)) == 1:
        (only,) = set(dates)
        ax.set_xlim(only - pd.Timedelta(days=7), only + pd.Timedelta(days=7))


def _cut(text: str, width: int = 64) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
