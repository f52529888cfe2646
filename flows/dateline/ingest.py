"""The ingest flow: discover → parse → validate → load → post-load checks → reports."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from dateline import quarantine, reports, triage, warehouse
from dateline.render import printable
from dateline.envelope import RunRecord, RunSummary, now, run_with_envelope
from dateline.extract.batch import Extracted, country_rows, extract_batch, theme_rows
from dateline.discover import UNREAD_SHA256, FileVersion, Listing, Pending, changed_since, list_inbox, read_files
from dateline.settings import EXPECTATIONS_DIR, SEEDS_DIR, TASK_TIMEOUTS, RunConfig
from dateline.validate import SuiteOutcome, Validator

BATCH_SUITE = "parsed_articles"


class BatchValidationError(RuntimeError):
    """The parsed batch failed an expectation that no single file can be blamed for."""


class PostLoadValidationError(RuntimeError):
    """The loaded warehouse broke its contract; the run was rolled back."""


@task(name="discover", retries=2, retry_delay_seconds=[1, 5], timeout_seconds=TASK_TIMEOUTS["discover"], cache_policy=NO_CACHE)
def discover(config: RunConfig, known: dict[str, tuple[int, int, str]]) -> tuple[Listing, list[FileVersion], list[Pending]]:
    """List the landing folder and read the files whose size or mtime changed since the last run."""
    listing = list_inbox(config.inbox, pattern=config.pattern, settle_seconds=config.settle_seconds, now=time.time())
    if config.retry_paths:
        listing = listing.only(config.retry_paths)
    stats = {path: (size, mtime) for path, (size, mtime, _) in known.items()}
    versions, unreadable = read_files(changed_since(listing.files, stats), max_bytes=config.max_bytes)
    pending = [*listing.pending, *unreadable]
    log = get_run_logger()
    for path in listing.future:
        log.warning("%s has a modification time in the future; read as settled", printable(path))
    log.info(
        "%d files in %s: %d read, %d pending, %d ignored",
        len(listing.files), printable(str(config.inbox)), len(versions), len(pending), listing.ignored,
    )
    return listing, versions, pending


@task(name="parse", timeout_seconds=TASK_TIMEOUTS["parse"], cache_policy=NO_CACHE)
def parse(versions: list[FileVersion], run_id: str, config: RunConfig) -> tuple[pd.DataFrame, list[triage.Rejected]]:
    parsed, rejected = triage.parse_versions(
        versions, run_id=run_id, today=datetime.now(UTC).date(), max_bytes=config.max_bytes
    )
    get_run_logger().info("%d parsed, %d rejected by the parser", len(parsed), len(rejected))
    return parsed, rejected


@task(name="validate-batch", timeout_seconds=TASK_TIMEOUTS["validate-batch"], cache_policy=NO_CACHE)
def validate_batch(validator: Validator, parsed: pd.DataFrame, run_id: str) -> SuiteOutcome:
    outcome = validator.validate(BATCH_SUITE, parsed, id_column="file_version_key", run_name=run_id)
    get_run_logger().info("suite %s: success=%s", outcome.suite, outcome.success)
    return outcome


@task(name="extract", timeout_seconds=TASK_TIMEOUTS["extract"], cache_policy=NO_CACHE)
def extract(new: pd.DataFrame, seeds: Path) -> Extracted:
    """Entities, themes, the countries each story is about, and tone, for the new versions."""
    extracted = extract_batch(new[["article_version_key", "body"]], seeds_dir=seeds)
    get_run_logger().info(
        "%d mentions, %d article themes, %d article countries", len(extracted.mentions), len(extracted.themes), len(extracted.countries)
    )
    return extracted


@task(name="load", timeout_seconds=TASK_TIMEOUTS["load"], cache_policy=NO_CACHE)
def load(con, batch: warehouse.LoadBatch, seeds: Path) -> None:
    warehouse.load_seeds(con, seeds)
    warehouse.load(con, batch)
    get_run_logger().info("loaded %d article versions", len(batch.article))


@task(name="post-load-checks", timeout_seconds=TASK_TIMEOUTS["post-load-checks"], cache_policy=NO_CACHE)
def post_load_checks(con, validator: Validator, run_id: str, expectations: Path) -> list[SuiteOutcome]:
    outcomes = [
        validator.validate(name, warehouse.frame(con, warehouse.sql(f"checks/{name}")), id_column=id_column, run_name=run_id)
        for name, id_column in reports.post_load_suites(expectations)
    ]
    failed = [o.suite for o in outcomes if not o.success]
    get_run_logger().info("post-load suites: %d run, failed: %s", len(outcomes), failed or "none")
    return outcomes


@flow(name="dateline-ingest", log_prints=False)
def ingest(
    inbox: str = str(RunConfig.inbox),
    warehouse_path: str = str(RunConfig.warehouse),
    reports_dir: str = str(RunConfig.reports),
    quarantine_dir: str | None = None,
    settle_seconds: float = RunConfig.settle_seconds,
    expectations_dir: str = str(EXPECTATIONS_DIR),
    webhook_url: str | None = None,
    wait_seconds: float = 60.0,
    retry_paths: list[str] | None = None,
    seeds_dir: str = str(SEEDS_DIR),
) -> RunSummary:
    """Ingest the new and changed article files of ``inbox`` into the warehouse.

    ``retry_paths`` restricts the run to those files and reads them even if they are unchanged
    (`dateline quarantine retry`).
    """
    config = RunConfig(
        inbox=Path(inbox).resolve(),
        warehouse=Path(warehouse_path),
        reports=Path(reports_dir),
        quarantine=Path(quarantine_dir) if quarantine_dir else None,
        settle_seconds=settle_seconds,
        expectations=Path(expectations_dir),
        webhook_url=webhook_url or os.environ.get("DATELINE_WEBHOOK_URL") or None,
        retry_paths=frozenset(retry_paths or ()),
        seeds=Path(seeds_dir),
    )
    if not config.inbox.is_dir():
        raise FileNotFoundError(f"inbox {inbox} is not a folder")
    return run_with_envelope(
        config,
        RunRecord(flow_name="dateline-ingest", inbox=str(config.inbox)),
        lambda con, summary, results: _ingest(con, config, summary, results),
        wait_seconds=wait_seconds,
    )


def _ingest(con, config: RunConfig, summary: RunSummary, results: list[SuiteOutcome]) -> None:
    run_id = summary.run_id
    committed = {row[0] for row in con.execute("select distinct run_id from quarantine").fetchall()}
    quarantine.tidy(config.quarantine_dir, committed)
    with summary.timed("discover"):
        known = warehouse.known_file_state(con)
        known = {path: state for path, state in known.items() if path not in config.retry_paths}
        listing, versions, pending = discover(config, known)
    summary.files_seen = len(listing.files)
    summary.files_pending = len(pending)
    new_versions = [v for v in versions if v.sha256 == UNREAD_SHA256 or known.get(v.state.path, (0, 0, ""))[2] != v.sha256]
    summary.files_new = len(new_versions)
    seen_at = now()
    if not new_versions:
        if versions:
            with warehouse.staged(con, stg_file_state=_file_state(versions, seen_at)), warehouse.transaction(con):
                con.execute(warehouse.sql("load/file_state"))
        summary.validation_success = True
        docs = config.reports / "data_docs" / "index.html"
        summary.report_path = str(docs) if docs.exists() else None
        return
    with summary.timed("parse"):
        parsed, rejected = parse(new_versions, run_id, config)
    validator = Validator(config.expectations, config.reports)
    with summary.timed("validate"):
        batch_outcome = validate_batch(validator, parsed, run_id) if len(parsed) else None
    summary.file_names = dict(zip(parsed["file_version_key"], parsed["file_name"], strict=True))
    if batch_outcome is not None:
        results.append(batch_outcome)
        failed = batch_outcome.failed_ids()
        if not batch_outcome.success and not failed:
            raise BatchValidationError(f"suite {batch_outcome.suite} failed on the batch as a whole")
        by_key = {v.state.path: v for v in new_versions}
        for row in parsed[parsed["file_version_key"].isin(failed)].to_dict("records"):
            reason = "failed " + "; ".join(failed[row["file_version_key"]])
            rejected.append(triage.Rejected(by_key[row["path"]], row["file_version_key"], "validate", reason))
        parsed = parsed[~parsed["file_version_key"].isin(failed)]
    new, duplicates = triage.assign_versions(parsed, warehouse.current_articles(con))
    with summary.timed("extract"):
        extracted = extract(new, config.seeds)
    copies = quarantine.copy_files(rejected, config.quarantine_dir / run_id, inbox=config.inbox)
    batch = warehouse.LoadBatch(
        article=pd.concat([new, extracted.tone], axis=1).assign(run_id=run_id, loaded_at=seen_at),
        raw=_raw(new, new_versions),
        manifest=triage.manifest_rows(run_id=run_id, seen_at=seen_at, loaded=new, duplicates=duplicates, rejected=rejected),
        quarantine=quarantine.rows(rejected, copies, run_id=run_id, at=seen_at),
        file_state=_file_state(versions, seen_at),
        mention=extracted.mentions,
        article_theme=extracted.themes,
        article_country=extracted.countries,
        theme=theme_rows(config.seeds),
        country=country_rows(config.seeds),
    )
    summary.files_loaded = len(new)
    summary.files_duplicate = len(duplicates)
    summary.files_quarantined = len(rejected)
    summary.quarantined = [(r.version.state.file_name, r.reason) for r in rejected]
    try:
        _load_and_check(con, batch, validator, config, summary, results)
    except BaseException:
        quarantine.discard(config.quarantine_dir / run_id)
        summary.files_loaded = summary.files_duplicate = summary.files_quarantined = 0
        summary.quarantined = []
        raise
    quarantine.publish(config.quarantine_dir / run_id)
    get_run_logger().info("committed %d article versions and %d quarantined files", len(new), len(rejected))
    summary.report_path = str(validator.docs_index())


def _load_and_check(con, batch, validator: Validator, config: RunConfig, summary: RunSummary, results: list[SuiteOutcome]) -> None:
    """Load the batch and check the warehouse in one transaction: a failure rolls back both."""
    run_id = summary.run_id
    with warehouse.transaction(con):
        with summary.timed("load"):
            load(con, batch, config.seeds)
        with summary.timed("post_load_checks"):
            checks = post_load_checks(con, validator, run_id, config.expectations)
        results.extend(checks)
        summary.validation_success = all(o.success for o in results if o.suite != f"{BATCH_SUITE}.critical")
        if not summary.validation_success:
            failed = ", ".join(o.suite for o in checks if not o.success)
            raise PostLoadValidationError(f"post-load validation failed ({failed}); the run was rolled back")
        con.execute(warehouse.sql("state/run_committed"), {"run_id": run_id})


def _raw(new: pd.DataFrame, versions: list[FileVersion]) -> pd.DataFrame:
    by_path = {v.state.path: v for v in versions}
    rows = [
        {"sha256": r["sha256"], "size_bytes": r["size_bytes"], "content": by_path[r["path"]].raw}
        for r in new.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=["sha256", "size_bytes", "content"])


def _file_state(versions: list[FileVersion], at: datetime) -> pd.DataFrame:
    rows = [
        {"path": v.state.path, "size_bytes": v.state.size, "mtime_ns": v.state.mtime_ns, "sha256": v.sha256, "checked_at": at}
        for v in versions
    ]
    return pd.DataFrame(rows, columns=["path", "size_bytes", "mtime_ns", "sha256", "checked_at"])


