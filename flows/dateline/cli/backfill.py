"""`dateline backfill`: re-derive a date range of the warehouse with the current rules and seeds."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from dateline.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    claimed,
    config_from,
    require_warehouse,
    run_flow,
    writer_options,
)


def register(commands: argparse._SubParsersAction) -> None:
    backfill = commands.add_parser(
        "backfill",
        help="re-derive the articles published in a date range, from the raw text the warehouse kept",
        description=(
            "Re-parse and re-extract the articles published from --start to --end (inclusive), or --all, "
            "with the current rules and seeds/, replacing their rows in one transaction."
        ),
    )
    backfill.add_argument("--start", type=_iso_date, metavar="DATE", help="first published date, YYYY-MM-DD")
    backfill.add_argument("--end", type=_iso_date, metavar="DATE", help="last published date, YYYY-MM-DD (inclusive)")
    backfill.add_argument("--all", action="store_true", help="every article in the warehouse")
    writer_options(backfill)
    backfill.set_defaults(handler=cmd_backfill, usage_of=backfill)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def check_range(start: date | None, end: date | None, every: bool) -> None:
    if every and (start or end):
        raise UsageError("give --all or --start/--end, not both")
    if not every and (start is None or end is None):
        raise UsageError("give --start DATE and --end DATE, or --all")
    if start and end and start > end:
        raise UsageError(f"--start {start} is after --end {end}")


def cmd_backfill(args: argparse.Namespace) -> int:
    check_range(args.start, args.end, args.all)
    config = config_from(args)
    require_warehouse(config.warehouse)
    with claimed(config, "backfill"):
        summary = run_flow(_backfill_flow, config, flow_name="dateline-backfill", start=args.start, end=args.end)
    if isinstance(summary, BaseException):
        print(f"dateline: backfill failed: {summary}", file=sys.stderr)
        return EXIT_FAILED
    from dateline.backfill import DateRange

    print(summary_text(summary, DateRange(args.start, args.end), config.warehouse))
    return EXIT_OK if summary.status == "succeeded" else EXIT_FAILED


def _backfill_flow():
    from dateline.backfill import backfill

    return backfill


def summary_text(summary, dates, warehouse_path: Path) -> str:
    lines = [
        f"Backfill {summary.run_id} {summary.status}",
        f"  dates           {dates}",
        f"  re-derived      {summary.articles_rederived or 0:>7}",
        f"Warehouse:         {warehouse_path}",
    ]
    if summary.snapshot_path:
        lines.append(f"Snapshot:          {summary.snapshot_path}")
    if summary.report_path:
        lines.append(f"Validation report: {summary.report_path}")
    if summary.error:
        lines.append(f"Error: {summary.error}")
    return "\n".join(lines)
