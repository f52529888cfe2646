"""The backfill flow: re-derive the warehouse rows of the articles published in a date range
from the raw bytes the warehouse kept, with the current parser, extraction rules and seeds.

Use it after changing a seed CSV or a rule. The range is replaced in one transaction (checked by
the post-load suites before it commits), so a failure leaves the old rows; rows of articles
outside the range are not touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger

from dateline import parallel, staging, triage, warehouse
from dateline.discover import FileState, FileVersion
from dateline.envelope import RunRecord, run_with_envelope
from dateline.settings import RunConfig
from dateline.summary import RunSummary
from dateline.tasks import batch_task, extract_articles, load_and_check, replace, validate_batch
from dateline.validate import SuiteOutcome, Validator

EARLIEST = date(1, 1, 1)
LATEST = date(9999, 12, 31)
_DEFAULTS = RunConfig()


class BackfillError(RuntimeError):
    """An article in the range cannot be re-derived under the current rules; nothing was changed."""


@dataclass(frozen=True)
class DateRange:
    start: date | None  # None: from the first article
    end: date | None  # None: to the last article

    def __str__(self) -> str:
        if self.start is None and self.end is None:
            return "all dates"
        return f"{self.start or 'the first article'} to {self.end or 'the last article'}"

    def keys(self) -> dict[str, int]:
        return {"start_key": _date_key(self.start or EARLIEST), "end_key": _date_key(self.end or LATEST)}


def _date_key(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


@batch_task("select-versions")
def select_versions(con, dates: DateRange) -> pd.DataFrame:
    selected = warehouse.frame(con, warehouse.sql("backfill/versions_in_range"), dates.keys())
    get_run_logger().info("%d article versions published %s", len(selected), dates)
    return selected


@batch_task("reparse", timeout="parse", counts="selected")
def reparse(selected: pd.DataFrame, config: RunConfig) -> tuple[pd.DataFrame, list[triage.Rejected]]:
    """Parse the kept bytes again; keep each version's identity (its keys, run and load time)."""
    versions = [
        FileVersion(FileState(r.path, r.file_name, int(r.size_bytes), int(r.mtime_ns)), r.sha256, bytes(r.content))
        for r in selected.itertuples(index=False)
    ]
    parsed, rejected = triage.parse_versions(versions, run_id="backfill", today=datetime.now(UTC).date(), max_bytes=config.max_bytes)
    identity = selected[["path", "sha256", "article_version_key", "version_no", "file_version_key", "run_id", "loaded_at"]]
    parsed = parsed.drop(columns=["file_version_key"]).merge(identity, on=["path", "sha256"], how="left", validate="one_to_one")
    get_run_logger().info("%d re-parsed, %d no longer parse", len(parsed), len(rejected))
    return parsed, rejected


@flow(name="dateline-backfill", log_prints=False)
def backfill(
    start: date | None = None,
    end: date | None = None,
    warehouse_path: Path = _DEFAULTS.warehouse,
    reports_dir: Path = _DEFAULTS.reports,
    expectations_dir: Path = _DEFAULTS.expectations,
    webhook_url: str | None = None,
    wait_seconds: float = _DEFAULTS.wait_seconds,
    seeds_dir: Path = _DEFAULTS.seeds,
    dask_address: str | None = None,
    dask_min_articles: int = _DEFAULTS.dask_min_articles,
) -> RunSummary:
    """Re-derive the articles published from ``start`` to ``end`` (inclusive; None: no bound)."""
    if start is not None and end is not None and start > end:
        raise ValueError(f"start {start} is after end {end}")
    config = RunConfig.build(
        {
            "warehouse": warehouse_path,
            "reports": reports_dir,
            "expectations": expectations_dir,
            "webhook_url": webhook_url,
            "wait_seconds": wait_seconds,
            "seeds": seeds_dir,
            "dask_address": dask_address,
            "dask_min_articles": dask_min_articles,
        }
    )
    dates = DateRange(start, end)
    return run_with_envelope(
        config,
        RunRecord(flow_name="dateline-backfill", backfill_start=start, backfill_end=end, reclaim_space=True),
        lambda con, summary, results: _rederive(con, config, dates, summary, results),
    )


def _rederive(con, config: RunConfig, dates: DateRange, summary: RunSummary, results: list[SuiteOutcome]) -> None:
    summary.articles_rederived = 0
    with summary.timed("select"):
        selected = select_versions(con, dates)
    if selected.empty:
        return
    with summary.timed("parse"):
        parsed, rejected = reparse(selected, config)
    if rejected:
        reasons = "; ".join(f"{r.version.state.file_name}: {r.reason}" for r in rejected[:5])
        raise BackfillError(f"{len(rejected)} article versions no longer parse ({reasons}); nothing was changed")
    validator = Validator(config.expectations, config.reports)
    with summary.timed("validate"):
        outcome = validate_batch(validator, parsed, summary.run_id)
    results.append(outcome)
    if not outcome.success:
        _refuse(outcome, parsed, summary)
    with summary.timed("extract"), parallel.workers(config.dask_address, config.dask_min_articles, len(parsed)) as pool:
        extracted = extract_articles(parsed, config.seeds, pool)
    batch = warehouse.LoadBatch(**staging.derived(parsed, extracted, config.seeds))
    load_and_check(
        con, batch, lambda: replace(con, batch, config.seeds), validator, config, summary, results,
        error=BackfillError, what="the backfill",
    )
    summary.articles_rederived = len(parsed)
    summary.report_path = str(validator.docs_index())


def _refuse(outcome: SuiteOutcome, parsed: pd.DataFrame, summary: RunSummary) -> None:
    """A re-parsed article fails the pre-load suite: name up to five, change nothing."""
    failed = outcome.failed_ids()
    names = dict(zip(parsed["file_version_key"], parsed["file_name"], strict=True))
    summary.file_names = names
    listed = "; ".join(f"{names.get(key, key)}: failed {', '.join(checks)}" for key, checks in list(failed.items())[:5])
    raise BackfillError(f"suite {outcome.suite} failed ({listed or 'on the batch as a whole'}); nothing was changed")
