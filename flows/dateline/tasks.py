"""The pipeline's stages as Prefect tasks, shared by the ingest and the backfill flows.

Each task works on a whole batch (a Prefect task run costs about 20 ms, so there is no task per
file), has a timeout, and leaves the work to a pure module: discover, triage, extract, validate,
warehouse. ``load_and_check`` is the one transaction every flow loads in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from dateline import interrupt, parallel, progress, reports, triage, warehouse
from dateline.discover import UNREAD_SHA256, FileState, FileVersion, Listing, Pending, list_inbox, read_files
from dateline.extract.batch import Extracted, extract_batch
from dateline.parallel import Workers
from dateline.render import printable
from dateline.settings import TASK_TIMEOUTS, RunConfig
from dateline.summary import RunSummary
from dateline.validate import SuiteOutcome, Validator

BATCH_SUITE = "parsed_articles"


class BatchValidationError(RuntimeError):
    """The parsed batch failed an expectation that no single file can be blamed for."""


class PostLoadValidationError(RuntimeError):
    """The loaded warehouse broke its contract; the run was rolled back."""


def batch_task(name: str, *, timeout: str | None = None, counts: str | None = None, **options):
    """A batch task: named, with the timeout of its stage (``timeout``, else its name), never
    cached (its inputs are handles and batches), shown as a stage (``counts``: the parameter whose
    length is its total; see ``dateline.progress``)."""
    staged = progress.staged(name, counts)
    shared = task(name=name, timeout_seconds=TASK_TIMEOUTS[timeout or name], cache_policy=NO_CACHE, **options)
    return lambda function: shared(staged(function))


@dataclass(frozen=True)
class Discovered:
    listing: Listing
    changed: list[FileState]  # the files whose size or mtime changed since the last run: to read
    known: dict[str, tuple[int, int, str]]  # of the changed files: path -> (size, mtime_ns, sha256) as the last run saw it


@batch_task("discover", retries=2, retry_delay_seconds=[1, 5])
def discover(con, config: RunConfig) -> Discovered:
    """List the landing folder (a stat per file): the files whose size or mtime changed since the last run."""
    listing = list_inbox(config.inbox, pattern=config.pattern, settle_seconds=config.settle_seconds, now=time.time())
    if config.retry_paths:
        listing = listing.only(config.retry_paths)
    changed, known = warehouse.changed_files(con, listing.files, ignore=config.retry_paths)
    log = get_run_logger()
    for path in listing.future:
        log.warning("%s has a modification time in the future; read as settled", printable(path))
    log.info(
        "%d files in %s: %d changed, %d pending, %d ignored",
        len(listing.files), printable(str(config.inbox)), len(changed), len(listing.pending), listing.ignored,
    )
    return Discovered(listing, changed, known)


@dataclass(frozen=True)
class Read:
    read: list[FileVersion]  # every file of the chunk, read and hashed
    new: list[FileVersion]  # of those, the ones whose content changed too
    pending: list[Pending]  # unreadable, or changed while it was read: for the next run


@batch_task("read", timeout="discover", counts="chunk", retries=2, retry_delay_seconds=[1, 5])
def read(chunk: list[FileState], known: dict[str, tuple[int, int, str]], config: RunConfig) -> Read:
    """Read and hash one chunk of changed files; the new ones are those whose content changed."""
    versions, unreadable = read_files(chunk, max_bytes=config.max_bytes)
    # a file that was not read (too large, not a regular file) has no sha256 to compare: new when changed
    new = [v for v in versions if v.sha256 == UNREAD_SHA256 or known.get(v.state.path, (0, 0, ""))[2] != v.sha256]
    get_run_logger().info("%d files read: %d new or changed, %d pending", len(versions), len(new), len(unreadable))
    return Read(versions, new, unreadable)


@batch_task("parse", counts="versions")
def parse(versions: list[FileVersion], run_id: str, config: RunConfig) -> tuple[pd.DataFrame, list[triage.Rejected]]:
    parsed, rejected = triage.parse_versions(versions, run_id=run_id, today=datetime.now(UTC).date(), max_bytes=config.max_bytes)
    get_run_logger().info("%d parsed, %d rejected by the parser", len(parsed), len(rejected))
    return parsed, rejected


@batch_task("validate-batch", counts="parsed")
def validate_batch(validator: Validator, parsed: pd.DataFrame, run_id: str) -> SuiteOutcome:
    outcome = validator.validate(BATCH_SUITE, parsed, id_column="file_version_key", run_name=run_id)
    get_run_logger().info("suite %s: success=%s", outcome.suite, outcome.success)
    return outcome


def quarantine_failures(
    validator: Validator, parsed: pd.DataFrame, versions: list[FileVersion], summary: RunSummary, results: list[SuiteOutcome]
) -> tuple[pd.DataFrame, list[triage.Rejected]]:
    """Validate the parsed batch; the rows that fail become rejected files, with the failed checks as reason."""
    if not len(parsed):
        return parsed, []
    outcome = validate_batch(validator, parsed, summary.run_id)
    results.append(outcome)
    failed = outcome.failed_ids()
    if not outcome.success and not failed:
        raise BatchValidationError(f"suite {outcome.suite} failed on the batch as a whole")
    return triage.reject_failed(parsed, failed, versions)


@batch_task("extract", counts="new")
def extract(new: pd.DataFrame, seeds: Path) -> Extracted:
    """Entities, themes, the countries each story is about, and tone, for the new versions."""
    extracted = extract_batch(new[["article_version_key", "body"]], seeds_dir=seeds, advance=progress.advance)
    get_run_logger().info(
        "%d mentions, %d article themes, %d article countries",
        len(extracted.mentions), len(extracted.themes), len(extracted.countries),
    )
    return extracted


def extract_articles(new: pd.DataFrame, seeds: Path, pool: Workers) -> Extracted:
    """Extraction of a batch's new articles: on Dask when the run is large enough, else here."""
    return start_extraction(new, seeds, pool)()


def start_extraction(
    articles: pd.DataFrame, seeds: Path, pool: Workers, *, key: str = "article_version_key", wait: bool = True
) -> Callable[[], Extracted]:
    """Start extracting ``articles`` under their column ``key`` (tone indexed by it when it is not
    article_version_key); the call returned waits for the result. ``wait``: see ``parallel.submit``."""
    if key != "article_version_key":
        articles = pd.DataFrame({"article_version_key": articles[key].to_numpy(), "body": articles["body"].to_numpy()},
                                index=articles[key].to_numpy())
    return parallel.submit(articles[["article_version_key", "body"]], seeds, pool, lambda: extract(articles, seeds), wait=wait)


@batch_task("load")
def load(con, batch: warehouse.LoadBatch, seeds: Path) -> None:
    warehouse.load_seeds(con, seeds)
    warehouse.load(con, batch)
    get_run_logger().info("loaded %d article versions", len(batch.article))


@batch_task("replace", timeout="load")
def replace(con, batch: warehouse.LoadBatch, seeds: Path) -> None:
    warehouse.load_seeds(con, seeds)
    warehouse.replace_derived(con, batch)
    get_run_logger().info("re-derived %d article versions", len(batch.article))


@batch_task("post-load-checks")
def post_load_checks(con, validator: Validator, run_id: str, expectations: Path, batch: warehouse.LoadBatch) -> list[SuiteOutcome]:
    """Each post-load suite on what this load wrote: the check queries select the rows of its
    article versions and file versions (and every row sharing their keys), so the cost follows
    the batch, not the warehouse; whole-table counts are done in SQL."""
    scope = {
        "check_articles": batch.article[["article_version_key"]],
        "check_files": batch.manifest[["file_version_key"]] if "file_version_key" in batch.manifest else _NO_FILES,
    }
    with warehouse.staged(con, **scope):
        outcomes = [
            validator.validate(name, warehouse.frame(con, warehouse.sql(f"checks/{name}")), id_column=id_column, run_name=run_id)
            for name, id_column in reports.post_load_suites(expectations)
        ]
    failed = [o.suite for o in outcomes if not o.success]
    get_run_logger().info("post-load suites: %d run, failed: %s", len(outcomes), failed or "none")
    return outcomes


_NO_FILES = pd.DataFrame({"file_version_key": pd.Series([], dtype="string")})


def load_and_check(
    con,
    batch: warehouse.LoadBatch,
    write: Callable[[], None],
    validator: Validator,
    config: RunConfig,
    summary: RunSummary,
    results: list[SuiteOutcome],
    *,
    error: type[Exception] = PostLoadValidationError,
    what: str = "the run",
    final: bool = True,
) -> None:
    """Write and check the warehouse in one transaction: a failed post-load suite rolls both back."""
    with warehouse.transaction(con, before_commit=interrupt.defer):  # from the commit on, a signal waits
        with summary.timed("load"):
            write()
        with summary.timed("post_load_checks"):
            checks = post_load_checks(con, validator, summary.run_id, config.expectations, batch)
        results.extend(checks)
        failed = [o.suite for o in checks if not o.success]
        summary.validation_success = reports.validation_success(results)
        if failed:
            raise error(f"post-load validation failed ({', '.join(failed)}); {what} was rolled back")
        if final:  # the run's status commits with its last data: killed after the commit, it is still `succeeded`
            con.execute(warehouse.sql("state/run_committed"), {"run_id": summary.run_id})
