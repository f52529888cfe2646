"""The ingest flow: discover → parse → validate → dedupe → extract → load and check → reports."""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.utilities.annotations import quote  # a batch argument Prefect must not walk item by item

from dateline import quarantine, staging, triage, warehouse
from dateline.envelope import RunRecord, run_with_envelope
from dateline.settings import RunConfig
from dateline.summary import RunSummary, now
from dateline.tasks import discover, extract, load, load_and_check, parse, quarantine_failures
from dateline.validate import SuiteOutcome, Validator

_DEFAULTS = RunConfig()


@flow(name="dateline-ingest", log_prints=False)
def ingest(
    inbox: Path = _DEFAULTS.inbox,
    warehouse_path: Path = _DEFAULTS.warehouse,
    reports_dir: Path = _DEFAULTS.reports,
    quarantine_dir: Path | None = None,
    settle_seconds: float = _DEFAULTS.settle_seconds,
    expectations_dir: Path = _DEFAULTS.expectations,
    webhook_url: str | None = None,
    wait_seconds: float = _DEFAULTS.wait_seconds,
    retry_paths: list[str] | None = None,
    seeds_dir: Path = _DEFAULTS.seeds,
) -> RunSummary:
    """Ingest the new and changed article files of ``inbox`` into the warehouse.

    ``retry_paths`` restricts the run to those files and reads them even if they are unchanged
    (`dateline quarantine retry`). ``webhook_url`` defaults to $DATELINE_WEBHOOK_URL.
    """
    config = RunConfig.build(
        {
            "inbox": Path(inbox).resolve(),
            "warehouse": warehouse_path,
            "reports": reports_dir,
            "quarantine": quarantine_dir,
            "settle_seconds": settle_seconds,
            "expectations": expectations_dir,
            "webhook_url": webhook_url,
            "wait_seconds": wait_seconds,
            "retry_paths": retry_paths,
            "seeds": seeds_dir,
        }
    )
    if not config.inbox.is_dir():
        raise FileNotFoundError(f"inbox {inbox} is not a folder")
    return run_with_envelope(
        config,
        RunRecord(flow_name="dateline-ingest", inbox=str(config.inbox)),
        lambda con, summary, results: _ingest(con, config, summary, results),
    )


def _ingest(con, config: RunConfig, summary: RunSummary, results: list[SuiteOutcome]) -> None:
    with summary.timed("discover"):
        found = discover(config, quote(warehouse.known_file_state(con, ignore=config.retry_paths)))
    summary.discovered(seen=len(found.listing.files), new=len(found.new), pending=len(found.pending))
    seen_at = now()
    if not found.new:
        warehouse.record_file_state(con, staging.file_state(found.read, seen_at))
        docs = config.reports / "data_docs" / "index.html"
        summary.report_path = str(docs) if docs.exists() else None
        return
    with summary.timed("parse"):
        parsed, rejected = parse(quote(found.new), summary.run_id, config)
    summary.file_names = dict(zip(parsed["file_version_key"], parsed["file_name"], strict=True))
    validator = Validator(config.expectations, config.reports)
    with summary.timed("validate"):
        parsed, failed = quarantine_failures(validator, parsed, found.new, summary, results)
    rejected += failed
    new, duplicates = triage.assign_versions(parsed, warehouse.current_articles(con))
    with summary.timed("extract"):
        extracted = extract(new, config.seeds)
    copies = quarantine.copy_files(rejected, config.quarantine_dir / summary.run_id, inbox=config.inbox)
    batch = staging.ingest_batch(
        run_id=summary.run_id, seen_at=seen_at, read=found.read, new=new, duplicates=duplicates,
        rejected=rejected, copies=copies, extracted=extracted, seeds=config.seeds,
    )
    summary.decided(
        loaded=len(new), duplicate=len(duplicates), quarantined=[(r.version.state.file_name, r.reason) for r in rejected]
    )
    try:
        load_and_check(con, lambda: load(con, batch, config.seeds), validator, config, summary, results)
    except Exception:
        summary.rolled_back()
        raise
    summary.report_path = str(validator.docs_index())
