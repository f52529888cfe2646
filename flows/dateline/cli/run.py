"""`dateline run`: one ingest flow run over the landing folder."""

from __future__ import annotations

import argparse
import sys

from dateline.cli.common import EXIT_FAILED, EXIT_OK, claimed, config_from, inbox_options, ingest_flow, run_flow, writer_options
from dateline.settings import RunConfig


def register(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("run", help="ingest the new and changed files of the inbox (one flow run)")
    inbox_options(run)
    writer_options(run, quarantine=True)
    run.set_defaults(handler=cmd_run, usage_of=run)


def cmd_run(args: argparse.Namespace) -> int:
    from dateline.summary import summary_text

    config = config_from(args)
    with claimed(config, "run"):
        summary = nothing_new(config)
        if summary is None:
            summary = run_flow(
                ingest_flow, config, flow_name="dateline-ingest", landing=str(config.inbox.resolve()),
                inbox=config.inbox, quarantine_dir=config.quarantine, settle_seconds=config.settle_seconds, chunk_files=config.chunk_files,
            )
    if isinstance(summary, BaseException):
        from dateline.render import printable

        print(f"dateline: run failed: {printable(str(summary))}", file=sys.stderr)
        return EXIT_FAILED
    print(summary_text(summary, config.warehouse))
    return EXIT_OK if summary.status in ("succeeded", "nothing_new") else EXIT_FAILED


def nothing_new(config: RunConfig):
    """Like a file sensor: when no file of the inbox is new or changed, record a `nothing_new` run,
    publish the snapshot and return its summary, without starting Prefect; else None."""
    from dateline import quarantine, runlog, sensor, snapshot, warehouse
    from dateline.summary import RunSummary, now

    started = now()
    con = warehouse.connect(config.warehouse)
    try:
        warehouse.migrate(con)
        quarantine.tidy(con, config.quarantine_dir)  # copies staged by a run killed around its commit
        listing = sensor.unchanged(con, config)
        if listing is None:
            return None
        summary = RunSummary(run_id=runlog.new_run_id(), status="nothing_new")
        summary.discovered(seen=len(listing.files), new=0, pending=len(listing.pending))
        docs = config.reports / "data_docs" / "index.html"
        summary.report_path = str(docs) if docs.exists() else None
        runlog.record(con, summary, flow_name="dateline-ingest", started_at=started, inbox=str(config.inbox.resolve()))
        summary.snapshot_path = str(snapshot.publish(con, config.warehouse, changed=("run",)))  # only its run row is new
        return summary
    finally:
        con.close()
