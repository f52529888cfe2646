"""Dateline's own reports, built from the warehouse alone, readable offline:

- ``<reports>/index.html``: the run report, one self-contained page with its charts drawn as SVG
  when it is built (runs, quarantine, articles, entities, countries, themes, tone, validation);
- ``<reports>/validation/index.html``: every run, newest first, with its validation outcome;
- ``<reports>/validation/<run_id>.html``: one page per run, each expectation with its parameters,
  and each failure with a sample of the failing values and the files they came from.

Every page is rebuilt from the tables, so no run's page is ever lost. Built after each run
(``build_after_run``) and by `dateline report`."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dateline import warehouse
from dateline.reasons import reason_kind
from dateline.report import pages

SAMPLE = 20  # failing values shown per failed expectation
RECENT_DAYS = 7
TOP = 15
TOP_THEMES = 6
MAX_RUNS_CHARTED = 100
RECENT_PAGES = 3  # the pages an after-run build rewrites even when they exist
VALIDATION_DIR = "validation"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Built:
    index: Path
    validation_index: Path
    runs: int
    pages_written: int
    seconds: float


def run_page(run_id: str) -> str:
    """The validation page of a run, relative to the validation folder."""
    return f"{run_id}.html"


def run_page_path(reports_dir: Path, run_id: str) -> Path:
    """Where a run's validation page is: the run summary's `Validation report`."""
    return Path(reports_dir) / VALIDATION_DIR / run_page(run_id)


def build(con: duckdb.DuckDBPyConnection, reports_dir: Path, *, every_page: bool = True, charts: bool = True) -> Built:
    """Write the validation index, the runs' validation pages and, with ``charts``, the run report.

    A finished run's page does not change, so ``every_page=False`` writes only the pages that are
    missing and those of the last RECENT_PAGES runs (`dateline report` rewrites them all)."""
    start = time.perf_counter()
    runs = warehouse.frame(con, warehouse.sql("report/runs"))
    folder = Path(reports_dir) / VALIDATION_DIR
    folder.mkdir(parents=True, exist_ok=True)
    results = warehouse.frame(con, warehouse.sql("report/validation_results"))
    samples = warehouse.frame(con, warehouse.sql("report/failure_samples"), {"sample": SAMPLE})
    quarantined = warehouse.frame(con, warehouse.sql("report/quarantined"))
    by_run = dict(list(results.groupby("run_id", sort=False)))
    samples_by_run = dict(list(samples.groupby("run_id", sort=False)))
    quarantined_by_run = dict(list(quarantined.groupby("run_id", sort=False)))
    recent = set(runs["run_id"].head(RECENT_PAGES))
    written = 0
    for run in runs.itertuples(index=False):
        target = folder / run_page(run.run_id)
        if not every_page and target.exists() and run.run_id not in recent and run.status != "running":
            continue
        written += 1
        html = _run_page(
            run, by_run.get(run.run_id, results.iloc[0:0]), samples_by_run.get(run.run_id, samples.iloc[0:0]),
            quarantined_by_run.get(run.run_id, quarantined.iloc[0:0]),
        )
        _write(target, html)
    validation_index = folder / "index.html"
    _write(validation_index, _validation_index(runs))
    index = Path(reports_dir) / "index.html"
    if charts:
        from dateline.report import charts as drawing  # matplotlib: only where a chart is drawn

        _write(index, _run_report(con, runs, quarantined, drawing))
    return Built(index, validation_index, len(runs), written, time.perf_counter() - start)


def build_after_run(
    con: duckdb.DuckDBPyConnection, reports_dir: Path, logger: logging.Logger | None = None, *, charts: bool = True
) -> Built | None:
    """Build the reports after a run; a failure is logged and never fails the run."""
    try:
        built = build(con, reports_dir, every_page=False, charts=charts)
    except Exception as exc:  # the run's data is safe; only its report is missing
        (logger or log).warning("the run report was not built: %s: %s", type(exc).__name__, exc)
        return None
    (logger or log).info("run report %s built in %.1f s (%d run pages written)", built.index, built.seconds, built.pages_written)
    return built


def _write(path: Path, html: str) -> None:
    """Replace the page in one step: a reader never sees half of it."""
    partial = path.with_name(path.name + ".part")
    partial.write_text(html, encoding="utf-8")
    partial.replace(path)


# --- a run's validation page -------------------------------------------------------------------


def _counts(run) -> list[tuple[str, object]]:
    return [
        ("flow", run.flow_name),
        ("started", run.started_at),
        ("finished", run.finished_at),
        ("status", run.status),
        ("new or changed files", run.files_new),
        ("loaded", run.files_loaded),
        ("duplicate", run.files_duplicate),
        ("quarantined", run.files_quarantined),
        ("expectations evaluated", run.expectations),
        ("expectations failed", run.expectations_failed),
    ]


def _run_page(run, results: pd.DataFrame, samples: pd.DataFrame, quarantined: pd.DataFrame) -> str:
    body = [
        f'<p>Validation: {pages.validation_badge(run.validation)}'
        + (" (no expectation was evaluated)" if run.validation == "not run" else "") + "</p>",
        pages.table(["", ""], [[pages.text(k), pages.text(v)] for k, v in _counts(run)], table_id="run-counts"),
    ]
    if isinstance(run.error, str) and run.error:
        body.append(f"<p>Error: <code>{pages.text(run.error)}</code></p>")
    if len(quarantined):
        body.append("<h2>Quarantined files</h2>")
        body.append(pages.table(
            ["file", "stage", "reason"],
            ([pages.text(q.file_name), pages.text(q.stage), pages.text(q.reason)] for q in quarantined.itertuples(index=False)),
            table_id="quarantined",
        ))
    suites = sorted(results.groupby("suite", sort=True), key=lambda item: bool(item[1]["success"].all()))  # failed first
    for suite, rows in suites:
        passed = bool(rows["success"].all())
        badge = pages.validation_badge("passed" if passed else "failed")
        body.append(f'<h2 id="{pages.escape(suite)}">{pages.escape(suite)}: {badge}</h2>')
        body.append(pages.table(
            ["#", "expectation", "column", "parameters", "outcome", "rows", "unexpected", "observed"],
            (
                [
                    str(r.expectation_index), pages.text(r.expectation_type), pages.text(r.column_name), pages.parameters(r.kwargs_json),
                    pages.validation_badge("passed" if r.success else "failed"), pages.text(r.element_count),
                    pages.text(r.unexpected_count), pages.text(r.observed_value_json),
                ]
                for r in rows.itertuples(index=False)
            ),
            numeric=[True, False, False, False, False, True, True, False],
        ))
        for r in rows[~rows["success"]].itertuples(index=False):
            body.append(_failure(r, samples))
    if not len(results):
        body.append("<p>No expectation was evaluated in this run.</p>")
    return pages.page(f"Run {run.run_id}", body, nav=[("Run report", "../index.html"), ("All runs", "index.html")])


def _failure(result, samples: pd.DataFrame) -> str:
    mine = samples[
        (samples["suite"] == result.suite)
        & (samples["expectation_type"] == result.expectation_type)
        & (samples["column_name"].fillna("") == (result.column_name or ""))
    ]
    title = f"{result.expectation_type}({result.column_name})" if result.column_name else result.expectation_type
    head = f"<h3>Failed: {pages.escape(title)}</h3><p>Parameters: {pages.parameters(result.kwargs_json)}"
    if pd.notna(result.unexpected_count):
        head += f"; {int(result.unexpected_count)} of {pages.text(result.element_count)} rows failed"
    head += "</p>"
    if not len(mine):
        return head + "<p class=\"muted\">No failing row was recorded (a check of the batch as a whole).</p>"
    shown = f"<p class=\"muted\">The first {len(mine)} failing rows, by file.</p>" if len(mine) == SAMPLE else ""
    return head + shown + pages.table(
        ["failing value", "file", "id"],
        ([pages.text(s.failed_value), pages.text(s.file_name), pages.text(s.failed_id)] for s in mine.itertuples(index=False)),
        table_id=f"failures-{result.suite}-{result.expectation_index}",
    )


def _validation_index(runs: pd.DataFrame) -> str:
    rows = (
        [
            pages.text(r.started_at), pages.link(run_page(r.run_id), r.run_id), pages.text(r.flow_name.removeprefix("dateline-")),
            pages.text(r.status), pages.validation_badge(r.validation), str(r.expectations), str(r.expectations_failed),
            pages.text(r.files_quarantined),
        ]
        for r in runs.itertuples(index=False)
    )
    body = [
        f"<p>{len(runs)} runs, newest first.</p>",
        pages.table(["started", "run", "flow", "status", "validation", "expectations", "failed", "quarantined"], rows,
                    numeric=[False, False, False, False, False, True, True, True], table_id="runs"),
    ]
    return pages.page("Dateline validation: every run", body, nav=[("Run report", "../index.html")])


# --- the run report ------------------------------------------------------------------------------


def _run_report(con: duckdb.DuckDBPyConnection, runs: pd.DataFrame, quarantined: pd.DataFrame, charts) -> str:
    figures = []
    ingest = runs[runs["flow_name"] == "dateline-ingest"].head(MAX_RUNS_CHARTED).iloc[::-1]
    count = lambda column: [0 if pd.isna(v) else int(v) for v in ingest[column]]  # noqa: E731
    figures.append(pages.figure(
        "chart-runs", "Runs over time: files loaded, duplicate and quarantined",
        charts.runs_over_time([pages.text(t)[:16] for t in ingest["started_at"]], count("files_loaded"), count("files_duplicate"),
                              count("files_quarantined"), [f"{VALIDATION_DIR}/{run_page(r)}" for r in ingest["run_id"]]),
        note=_runs_note(len(ingest)),
    ))
    kinds = quarantined.assign(kind=[reason_kind(r) for r in quarantined["reason"]]).groupby("kind").size()
    kinds = kinds.sort_values(ascending=False, kind="stable")
    figures.append(pages.figure(
        "chart-quarantine", "Quarantine reasons (every quarantined file version)",
        charts.horizontal_bars("chart-quarantine", list(kinds.index), [int(v) for v in kinds], xlabel="file versions",
                               empty="no file quarantined", colors=[charts.QUARANTINED] * len(kinds)),
    ))
    per_day = warehouse.frame(con, warehouse.sql("report/articles_per_day"))
    figures.append(pages.figure(
        "chart-articles-per-day", "Articles per published day",
        charts.articles_per_day(list(pd.to_datetime(per_day["published_date"])), [int(v) for v in per_day["articles"]]),
        note=f"{int(per_day['articles'].sum()) if len(per_day) else 0} current articles.",
    ))
    params = {"days": RECENT_DAYS, "top": TOP}
    entities = warehouse.frame(con, warehouse.sql("report/top_entities"), params)
    figures.append(pages.figure(
        "chart-top-entities", f"Top entities of the last {RECENT_DAYS} days in the data (articles mentioning them)",
        charts.horizontal_bars(
            "chart-top-entities", [f"{n} ({t})" for n, t in zip(entities["entity_name"], entities["entity_type"], strict=True)],
            [int(v) for v in entities["articles"]], xlabel="articles", empty="no entity in the last days",
        ),
    ))
    countries = warehouse.frame(con, warehouse.sql("report/top_countries"), params)
    figures.append(pages.figure(
        "chart-top-countries", f"Top countries of the last {RECENT_DAYS} days in the data (articles about them)",
        charts.horizontal_bars("chart-top-countries", list(countries["country_name"]), [int(v) for v in countries["articles"]],
                               xlabel="articles", empty="no country in the last days"),
    ))
    themes = warehouse.frame(con, warehouse.sql("report/theme_trend"), {"top": TOP_THEMES})
    series = {
        label: (list(pd.to_datetime(g["week"])), [int(v) for v in g["articles"]]) for label, g in themes.groupby("theme_label", sort=True)
    }
    figures.append(pages.figure(
        "chart-theme-trend", f"Theme trend: articles per week, the {TOP_THEMES} largest themes", charts.theme_trend(series)
    ))
    tone = warehouse.frame(con, warehouse.sql("report/tone_by_country"), {"top": TOP})
    figures.append(pages.figure(
        "chart-tone-by-country", f"Tone by country: average tone of the articles about the {TOP} most covered countries",
        charts.horizontal_bars(
            "chart-tone-by-country", [f"{c} ({n})" for c, n in zip(tone["country_name"], tone["articles"], strict=True)],
            [round(float(v), 2) for v in tone["tone"]], xlabel="average tone (negative to positive)",
            empty="no country yet", colors=[charts.PASSED if v >= 0 else charts.FAILED for v in tone["tone"]],
        ),
    ))
    figures.append(_validation_section(con, runs, charts))
    latest = runs.iloc[0] if len(runs) else None
    counted = f"{len(runs)} run" if len(runs) == 1 else f"{len(runs)} runs"
    intro = (
        f"<p>{counted} when this report was built; the latest started {pages.text(latest['started_at'])}, {pages.text(latest['status'])}, "
        f"validation {pages.validation_badge(latest['validation'])}. "
        f"{pages.link(VALIDATION_DIR + '/index.html', 'Every run’s validation')}.</p>"
        if latest is not None else "<p>No run yet.</p>"
    )
    return pages.page("Dateline run report", [intro, *figures], nav=[("Validation: every run", f"{VALIDATION_DIR}/index.html")])


def _runs_note(count: int) -> str:
    shown = f"{count} ingest run" if count == 1 else f"{count} ingest runs"
    if count == MAX_RUNS_CHARTED:
        shown += f" (the last {MAX_RUNS_CHARTED})"
    return f"{shown}; a bar links to the run's validation page."


def _validation_section(con: duckdb.DuckDBPyConnection, runs: pd.DataFrame, charts) -> str:
    outcomes = warehouse.frame(con, warehouse.sql("report/suite_outcomes"))
    started = dict(zip(runs["run_id"], runs["started_at"], strict=True))
    outcomes["started_at"] = outcomes["run_id"].map(started)
    rows, suites, passed, failed, links = [], [], [], [], []
    for suite, g in outcomes.groupby("suite", sort=True):
        bad = g[~g["passed"]].sort_values("started_at")
        last_bad = bad["run_id"].iloc[-1] if len(bad) else None
        suites.append(suite)
        passed.append(int(g["passed"].sum()))
        failed.append(len(bad))
        links.append(f"{VALIDATION_DIR}/{run_page(last_bad)}#{suite}" if last_bad else None)
        rows.append([
            pages.escape(suite), str(passed[-1]), str(failed[-1]),
            pages.link(f"{VALIDATION_DIR}/{run_page(last_bad)}#{suite}", last_bad) if last_bad else "-",
        ])
    chart = charts.suite_outcomes(suites, passed, failed, links)
    detail = pages.table(["suite", "runs passed", "runs failed", "last failing run"], rows,
                         numeric=[False, True, True, False], table_id="suite-outcomes")
    return pages.figure("chart-validation", "Validation outcomes per suite (runs that evaluated it)", chart) + detail
