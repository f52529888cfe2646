"""The ingest flow: discover → parse → validate → dedupe → extract → load and check → reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger
from prefect.utilities.annotations import quote  # a batch argument Prefect must not walk item by item

from dateline import parallel, progress, quarantine, staging, triage, warehouse
from dateline.envelope import RunRecord, run_with_envelope
from dateline.extract.batch import Extracted, for_versions
from dateline.settings import RunConfig
from dateline.summary import RunSummary, now
from dateline.tasks import Read, discover, load, load_and_check, parse, quarantine_failures, read, start_extraction
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
    dask_address: str | None = None,
    dask_min_articles: int = _DEFAULTS.dask_min_articles,
    chunk_files: int = _DEFAULTS.chunk_files,
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
            "dask_address": dask_address,
            "dask_min_articles": dask_min_articles,
            "chunk_files": chunk_files,
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
    """The new files, chunk by chunk: each chunk is read, parsed, validated, extracted, and loaded and
    checked in one transaction, so a run killed after k chunks keeps them and the next run takes the rest.
    The chunks overlap: while the workers extract chunk k+1, this process loads and checks chunk k."""
    quarantine.tidy(con, config.quarantine_dir)  # copies staged by a run killed around its commit
    with summary.timed("discover"):
        found = discover(con, config)
    summary.discovered(seen=len(found.listing.files), new=0, pending=len(found.listing.pending))
    progress.files(len(found.changed), config.chunk_files)
    validator = None
    with parallel.workers(config.dask_address, config.dask_min_articles, len(found.changed)) as pool:
        ahead: Chunk | None = None  # read, checked and being extracted, until the chunk before it has committed
        for start in range(0, len(found.changed), config.chunk_files):
            progress.chunk(start // config.chunk_files + 1)
            with summary.timed("discover"):
                got = read(quote(found.changed[start : start + config.chunk_files]), quote(found.known), config)
            summary.discovered(
                seen=summary.files_seen, new=summary.files_new + len(got.new), pending=summary.files_pending + len(got.pending)
            )
            if not got.new:
                warehouse.record_file_state(con, staging.file_state(got.read, now()))
                progress.done(len(got.read) + len(got.pending))
                continue
            validator = validator or Validator(config.expectations, config.reports)
            chunk = _prepare(config, summary, got, validator, pool, first=ahead is None)
            if ahead is not None:
                _commit(con, config, summary, results, ahead, validator, final=False)
            ahead = chunk
        if ahead is not None:
            _commit(con, config, summary, results, ahead, validator, final=True)
    if validator is None:  # nothing new: nothing was validated (its validation is `not run`)
        docs = config.reports / "data_docs" / "index.html"
        summary.report_path = str(docs.resolve()) if docs.exists() else None
    else:
        summary.report_path = str(validator.docs_index())


@dataclass
class Chunk:
    """A chunk read, parsed and validated, its extraction under way (keyed by file version)."""

    got: Read
    seen_at: datetime
    parsed: pd.DataFrame
    rejected: list[triage.Rejected]
    checked: list[SuiteOutcome]
    extracted: Callable[[], Extracted]


def _prepare(config: RunConfig, summary: RunSummary, got: Read, validator: Validator, pool: parallel.Workers, *, first: bool) -> Chunk:
    """Read, parse and validate a chunk, and start its extraction; the run's first chunk does not
    wait for a local cluster that is still starting (this process extracts it meanwhile)."""
    seen_at = now()
    with summary.timed("parse"):
        parsed, rejected = parse(quote(got.new), summary.run_id, config)
    summary.file_names.update(zip(parsed["file_version_key"], parsed["file_name"], strict=True))
    checked: list[SuiteOutcome] = []  # the run's results once the chunk commits
    with summary.timed("validate"):
        parsed, failed = quarantine_failures(validator, parsed, got.new, summary, checked)
    with summary.timed("extract"):
        extracted = start_extraction(parsed, config.seeds, pool, key="file_version_key", wait=not first)
    return Chunk(got, seen_at, parsed, rejected + failed, checked, extracted)


def _commit(
    con, config: RunConfig, summary: RunSummary, results: list[SuiteOutcome], chunk: Chunk, validator: Validator, *, final: bool,
) -> None:
    """Version the chunk's articles against the warehouse as the chunks before it left it, then
    load and check them in one transaction."""
    results.extend(chunk.checked)
    new, duplicates = triage.assign_versions(chunk.parsed, warehouse.current_articles(con, chunk.parsed))
    with summary.timed("extract"):
        extracted = for_versions(chunk.extracted(), new, "file_version_key")
    copies = quarantine.copy_files(chunk.rejected, config.quarantine_dir / summary.run_id, inbox=config.inbox)
    batch = staging.ingest_batch(
        run_id=summary.run_id, seen_at=chunk.seen_at, read=chunk.got.read, new=new, duplicates=duplicates,
        rejected=chunk.rejected, copies=copies, extracted=extracted, seeds=config.seeds,
    )
    try:
        load_and_check(con, batch, lambda: load(con, batch, config.seeds), validator, config, summary, results, final=final)
    except BaseException:
        quarantine.discard(config.quarantine_dir / summary.run_id)  # this chunk's copies: it rolled back
        raise
    quarantine.publish(config.quarantine_dir / summary.run_id)
    summary.decided(  # counted once committed: a failed chunk leaves the counts of those before it
        loaded=len(new), duplicate=len(duplicates), quarantined=[(r.version.state.file_name, r.reason) for r in chunk.rejected]
    )
    get_run_logger().info(
        "committed a chunk of %d files: %d loaded, %d duplicate, %d quarantined",
        len(chunk.got.read), len(new), len(duplicates), len(chunk.rejected),
    )
    progress.done(len(chunk.got.read) + len(chunk.got.pending))
