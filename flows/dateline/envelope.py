"""What every flow run does around its work, ingest or backfill alike: take the writer lock,
record the run, store its validation results and reports, publish the analysts' snapshot,
rebuild the run report, and post a webhook message when something failed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

import duckdb
from prefect import get_run_logger
from prefect.runtime import flow_run
from prefect.states import Failed, State

from dateline import interrupt, notify, parallel, progress, report, reports, snapshot, warehouse
from dateline.interrupt import Interrupted
from dateline.lock import WarehouseBusy, WriterLock
from dateline.parse import PARSER_VERSION
from dateline.render import printable
from dateline.settings import RunConfig
from dateline.summary import RunSummary, now
from dateline.validate import SuiteOutcome

Work = Callable[[object, RunSummary, list[SuiteOutcome]], None]


@dataclass(frozen=True)
class RunRecord:
    """What the run row says before the work starts."""

    flow_name: str
    inbox: str | None = None
    backfill_start: date | None = None
    backfill_end: date | None = None
    reclaim_space: bool = False  # rewrite the warehouse compactly after the work (a backfill replaces most rows)


def run_with_envelope(config: RunConfig, record: RunRecord, work: Work) -> RunSummary | State:
    """Run ``work(con, summary, results)`` as one recorded run; a failure becomes a Failed state
    carrying the summary, after the run row, the reports and the webhook have said so. A
    warehouse held by another writer is a Failed state carrying the WarehouseBusy or
    WarehouseLocked error, before anything was recorded."""
    run_id = str(flow_run.id or "local")
    try:
        with WriterLock(config.warehouse) as lock:
            lock.acquire(wait_seconds=config.wait_seconds, command=record.flow_name)
            lock.name_run(run_id)
            summary = _run(config, record, work, run_id)
    except (WarehouseBusy, warehouse.WarehouseLocked) as exc:
        get_run_logger().error("%s", exc)
        return Failed(message=str(exc), data=exc)
    finally:
        parallel.wait_closed()  # the work's Dask workers shut down meanwhile
    if summary.status == "failed":
        return Failed(message=summary.error, data=summary)
    return summary


def _run(config: RunConfig, record: RunRecord, work: Work, run_id: str) -> RunSummary:
    log = get_run_logger()
    summary = RunSummary(run_id=run_id)
    con = warehouse.connect_waiting(config.warehouse, wait_seconds=config.wait_seconds)
    try:
        warehouse.migrate(con)
        con.execute(warehouse.sql("state/abandon_runs"))
        con.execute(
            warehouse.sql("state/run_start"),
            {
                "run_id": run_id,
                "flow_name": record.flow_name,
                "logical_date": flow_run.scheduled_start_time,
                "started_at": now(),
                "inbox": record.inbox,
                "parser_version": PARSER_VERSION,
                "backfill_start": record.backfill_start,
                "backfill_end": record.backfill_end,
            },
        )
        results: list[SuiteOutcome] = []
        interrupt.take_over()
        try:
            work(con, summary, results)
            summary.status = "succeeded"
        except BaseException as exc:
            signum = interrupt.signal_of(exc) or interrupt.received()
            if signum is not None:  # Ctrl-C or SIGTERM, even one that surfaced as a DuckDB error
                interrupt.defer()  # record it, whatever comes next
                summary.status, summary.error = "interrupted", f"{Interrupted(signum)}; {summary.kept()}"
                interrupt.outcome(summary.kept())
                reports.finish(con, summary, finished_at=now())
                if isinstance(exc, Exception):
                    raise Interrupted(signum) from None
                raise
            if not isinstance(exc, Exception):
                raise
            summary.status = "failed"
            summary.error = f"{type(exc).__name__}: {exc}"
            log.error("run failed: %s", printable(summary.error))
            log.debug("run failed", exc_info=True)
        summary.report_path = str(report.run_page_path(config.reports, run_id))  # readable offline, unlike Data Docs
        with summary.timed("reports"), progress.stage("reports"):
            reports.record(con, summary, results, finished_at=now(), file_names=summary.file_names)
            reports.publish(summary, config)
        if summary.status == "succeeded":
            if record.reclaim_space:
                con = _reclaim_space(con, config, summary)
            _publish_snapshot(con, config, summary, appended=record.flow_name == "dateline-ingest")
        with progress.stage("run report"):
            report.build_after_run(con, config.reports, log)  # a report that cannot be built is logged, never fails the run
        _notify(summary, results, config.webhook_url)
    finally:
        con.close()
    return summary


def _publish_snapshot(con, config: RunConfig, summary: RunSummary, *, appended: bool) -> None:
    """Analysts read the copy; a copy that cannot be written fails the run (their data is stale).
    After an ingest run (``appended``), the copy is brought up to date by the groups of rows the
    run added; after a backfill, which replaces rows, it is written whole."""
    groups = warehouse.APPENDED if appended else {}
    changed = [t for t in warehouse.table_names(con) if t not in groups] if appended else None
    try:
        with summary.timed("snapshot"), progress.stage("snapshot"):
            path = snapshot.publish(con, config.warehouse, changed=changed, appended=groups, run_id=summary.run_id)
            summary.snapshot_path = str(path)
    except OSError as exc:
        summary.status = "failed"
        summary.error = f"the run loaded, but its snapshot for analysts was not published: {exc}"
        get_run_logger().error("run failed: %s", summary.error)
        reports.finish(con, summary, finished_at=now())


def _reclaim_space(con, config: RunConfig, summary: RunSummary):
    """Rewrite the warehouse without the space of the rows the work replaced; the connection to
    use after it. A rewrite that fails leaves the warehouse as it was, and the run succeeded."""
    try:
        with summary.timed("compact"), progress.stage("compact"):
            reconnect = partial(warehouse.connect_waiting, config.warehouse, wait_seconds=config.wait_seconds)
            return snapshot.compact(con, config.warehouse, reconnect)
    except (OSError, duckdb.Error) as exc:
        get_run_logger().warning("the warehouse was not compacted (it keeps the space of replaced rows): %s", exc)
        return con


def _notify(summary: RunSummary, results: list[SuiteOutcome], url: str | None) -> None:
    """A failed run or a failed suite posts one JSON message to the webhook, if one is set."""
    failed_suites = [o.suite for o in results if not o.success]
    if not url or (summary.status != "failed" and not failed_suites):
        return
    try:
        notify.post(url, notify.message(summary, failed_suites))
    except Exception as exc:  # a webhook never fails the run: unreachable, slow, or answering nonsense
        get_run_logger().warning("webhook %s not notified: %s", printable(url), printable(str(exc)))
