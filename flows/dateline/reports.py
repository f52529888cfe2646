"""What a run leaves behind: run and validation rows in the warehouse, Prefect artifacts, a summary file."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from dateline import warehouse
from dateline.settings import SQL_DIR, RunConfig
from dateline.summary import COUNT_FIELDS, RunSummary

if TYPE_CHECKING:
    from dateline.validate import SuiteOutcome


def post_load_suites(expectations_dir: Path) -> list[tuple[str, str | None]]:
    """(asset, id column) of every suite that guards a warehouse table, from its JSON meta."""
    suites = []
    for path in sorted(expectations_dir.glob("*/critical.json")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("meta", {})
        if meta.get("stage") == "post_load":
            asset = path.parent.name
            if not (SQL_DIR / "checks" / f"{asset}.sql").exists():
                raise FileNotFoundError(f"suite {asset} has no query sql/checks/{asset}.sql")
            suites.append((asset, meta.get("id_column")))
    return suites


def record(
    con: duckdb.DuckDBPyConnection,
    summary: RunSummary,
    results: Iterable[SuiteOutcome],
    *,
    finished_at: datetime,
    file_names: dict[str, str] | None = None,
) -> None:
    """Store the run's outcome and every expectation result, whatever happened to the load."""
    from dateline.validate import failures_frame, outcomes_frame  # GX: only where there are results

    results = list(results)
    summary.validation_success = validation_success(results)
    outcomes = outcomes_frame(results, summary.run_id)
    outcomes.insert(3, "expectation_index", outcomes.groupby("suite").cumcount())
    failures = failures_frame(results, summary.run_id)
    failures["file_name"] = failures["failed_id"].map(file_names or {})
    with warehouse.staged(con, stg_validation_result=outcomes, stg_validation_failure=failures), warehouse.transaction(con):
        con.execute(warehouse.sql("load/validation_result"))
        con.execute(warehouse.sql("load/validation_failure"))
        finish(con, summary, finished_at=finished_at)


def validation_success(results: Iterable[SuiteOutcome]) -> bool | None:
    """A run's validation: passed (True) when every expectation it evaluated passed, failed (False)
    when one failed, a pre-load suite that quarantined files included; not run (None) when it
    evaluated none."""
    outcomes = [o for r in results for o in r.outcomes]
    return all(o.success for o in outcomes) if outcomes else None


def finish(con: duckdb.DuckDBPyConnection, summary: RunSummary, *, finished_at: datetime) -> None:
    """Write the run's outcome, counts and stage timings to its run row."""
    con.execute(
        warehouse.sql("state/run_finish"),
        {
            "run_id": summary.run_id,
            "finished_at": finished_at,
            "status": summary.status,
            "files_seen": summary.files_seen,
            "files_new": summary.files_new,
            "files_loaded": summary.files_loaded,
            "files_duplicate": summary.files_duplicate,
            "files_quarantined": summary.files_quarantined,
            "files_pending": summary.files_pending,
            "articles_rederived": summary.articles_rederived,
            "validation_success": summary.validation_success,
            "report_path": summary.report_path,
            "error": summary.error,
            "stage_seconds_json": json.dumps({k: round(v, 3) for k, v in summary.timings.items()}),
        },
    )


def markdown(summary: RunSummary, config: RunConfig) -> str:
    lines = [
        f"# Dateline run `{summary.run_id}`: {summary.status}",
        "",
        f"Inbox `{config.inbox}` → warehouse `{config.warehouse}`",
        "",
        "| files | count |",
        "|---|---:|",
        *(f"| {label} | {getattr(summary, attr)} |" for label, attr in COUNT_FIELDS),
        "",
        f"Validation: {'passed' if summary.validation_success else 'FAILED' if summary.validation_success is False else 'not run'}",
    ]
    if summary.report_path:
        lines.append(f"Report: `{summary.report_path}`")
    if summary.error:
        lines += ["", f"Error: {summary.error}"]
    if summary.quarantined:
        lines += ["", "## Quarantined", "", "| file | reason |", "|---|---|"]
        lines += [f"| {name} | {reason} |" for name, reason in summary.quarantined]
    return "\n".join(lines) + "\n"


def publish(summary: RunSummary, config: RunConfig) -> Path:
    """Write the run summary under reports/runs/ and as Prefect artifacts (a table and markdown)."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    text = markdown(summary, config)
    target = config.reports / "runs" / f"{summary.run_id}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    create_table_artifact(
        key="dateline-run-counts",
        table=[{"files": label, "count": getattr(summary, attr)} for label, attr in COUNT_FIELDS],
        description=f"Dateline run {summary.run_id}: {summary.status}",
    )
    create_markdown_artifact(key="dateline-run-summary", markdown=text, description="Dateline run summary")
    return target


