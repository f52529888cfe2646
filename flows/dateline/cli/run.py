"""`dateline run`: one ingest flow run over the landing folder."""

from __future__ import annotations

import argparse
import sys

from dateline.cli.common import EXIT_FAILED, EXIT_OK, claimed, config_from, inbox_options, run_flow, writer_options


def register(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("run", help="ingest the new and changed files of the inbox (one flow run)")
    inbox_options(run)
    writer_options(run, quarantine=True)
    run.set_defaults(handler=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    config = config_from(args)
    with claimed(config, "run"):
        from dateline.ingest import ingest

        summary = run_flow(
            ingest, config, inbox=config.inbox, quarantine_dir=config.quarantine, settle_seconds=config.settle_seconds
        )
    if isinstance(summary, BaseException):
        print(f"dateline: run failed: {summary}", file=sys.stderr)
        return EXIT_FAILED
    from dateline.summary import summary_text

    print(summary_text(summary, config.warehouse))
    return EXIT_OK if summary.status == "succeeded" else EXIT_FAILED
