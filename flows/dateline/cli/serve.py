"""`dateline serve`: the options; the work is in ``dateline.serve``."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from dateline.cli.common import UsageError, config_from, inbox_options, quarantine_option, warehouse_option
from dateline.serve.options import BANNED_NAME_CHARACTERS, DEPLOYMENT_NAME, FLOW_NAME, ServeOptions, valid_cron, valid_timezone


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `serve` subcommand to the `dateline` parser."""
    serve = commands.add_parser(
        "serve",
        help="run the ingest flow on a schedule until stopped (a Prefect deployment)",
        description=(
            "Register the Prefect deployment dateline-ingest/NAME with a schedule and run its scheduled flow runs "
            "until SIGINT or SIGTERM. Without PREFECT_API_URL a local Prefect server is started on 127.0.0.1 "
            "(state in <warehouse dir>/prefect-server) and stopped on exit."
        ),
    )
    serve.add_argument("--cron", metavar="EXPR", help='a cron schedule, e.g. "0 * * * *" (every hour)')
    serve.add_argument("--interval", metavar="SECONDS", help="run every SECONDS seconds")
    serve.add_argument("--timezone", metavar="TZ", default="UTC", help="IANA time zone of the schedule (default: %(default)s)")
    inbox_options(serve)
    warehouse_option(serve)
    serve.add_argument(
        "--reports", metavar="DIR", type=Path, default=None, help="validation reports folder (default: $DATELINE_REPORTS or data/reports)"
    )
    quarantine_option(serve)
    serve.add_argument("--name", default=DEPLOYMENT_NAME, help=f"deployment name, under the flow {FLOW_NAME} (default: %(default)s)")
    serve.set_defaults(handler=cmd_serve, usage_of=serve)


def options_from(args: argparse.Namespace) -> ServeOptions:
    """Check the options before anything starts; a UsageError names the first problem."""
    if args.cron is not None and args.interval is not None:
        raise UsageError("give either --cron or --interval, not both")
    if args.cron is None and args.interval is None:
        raise UsageError("give a schedule: --cron EXPR or --interval SECONDS")
    interval = None
    if args.interval is not None:
        try:
            interval = float(args.interval)
        except ValueError:
            interval = math.nan
        if not (math.isfinite(interval) and interval > 0):
            raise UsageError(f"--interval must be a number of seconds greater than 0, got {args.interval!r}")
    if not valid_timezone(args.timezone):
        raise UsageError(f"unknown time zone {args.timezone!r}: give an IANA name such as UTC or Europe/Berlin")
    if args.cron is not None and not valid_cron(args.cron):
        raise UsageError(f"--cron {args.cron!r} is not a valid cron expression (minute hour day-of-month month day-of-week)")
    if not args.name or any(c in BANNED_NAME_CHARACTERS for c in args.name):
        raise UsageError(f"--name {args.name!r} must not be empty or contain any of {BANNED_NAME_CHARACTERS}")
    config = config_from(args)
    inbox, warehouse, reports = config.inbox.resolve(), config.warehouse.resolve(), config.reports.resolve()
    quarantine = config.quarantine.resolve() if config.quarantine else None
    return ServeOptions(
        cron=args.cron,
        interval=interval,
        timezone=args.timezone,
        inbox=inbox,
        warehouse=warehouse,
        reports=reports,
        quarantine=quarantine,
        settle=config.settle_seconds,
        name=args.name,
        parameters={
            "inbox": str(inbox),
            "warehouse_path": str(warehouse),
            "reports_dir": str(reports),
            "quarantine_dir": str(quarantine) if quarantine else None,
            "settle_seconds": config.settle_seconds,
            "chunk_files": config.chunk_files,
        },
    )


def cmd_serve(args: argparse.Namespace) -> int:
    from dateline.serve.runner import serve

    return serve(options_from(args))
