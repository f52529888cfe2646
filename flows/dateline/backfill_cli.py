"""`dateline backfill`: re-derive a date range of the warehouse with the current rules and seeds."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from dateline.settings import DEFAULT_REPORTS, DEFAULT_WAREHOUSE, SEEDS_DIR


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `backfill` subcommand to the `dateline` parser."""
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
    backfill.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file (default: %(default)s)")
    backfill.add_argument("--reports", type=Path, default=DEFAULT_REPORTS, help="validation reports folder (default: %(default)s)")
    backfill.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="the reference CSVs extraction uses (default: %(default)s)")
    backfill.add_argument(
        "--wait", type=float, default=60.0, metavar="SECONDS",
        help="how long to wait for another writer to finish before giving up with exit 75 (default: %(default)s)",
    )
    backfill.add_argument(
        "--webhook", metavar="URL", default=None,
        help="POST a JSON message here when the backfill or a validation fails (default: $DATELINE_WEBHOOK_URL)",
    )
    backfill.set_defaults(handler=cmd_backfill)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def check_range(start: date | None, end: date | None, every: bool) -> None:
    from dateline.cli import UsageError

    if every and (start or end):
        raise UsageError("give --all or --start/--end, not both")
    if not every and (start is None or end is None):
        raise UsageError("give --start DATE and --end DATE, or --all")
    if start and end and start > end:
        raise UsageError(f"--start {start} is after --end {end}")


def cmd_backfill(args: argparse.Namespace) -> int:
    from dateline.cli import EXIT_FAILED, EXIT_OK, UsageError
    from dateline.lock import WriterLock

    check_range(args.start, args.end, args.all)
    if args.wait < 0:
        raise UsageError("--wait must be 0 or more seconds")
    if not args.seeds.is_dir():
        raise UsageError(f"seeds folder {args.seeds} does not exist")
    if not args.warehouse.exists():
        print(f"dateline: warehouse {args.warehouse} does not exist: run `dateline run` first", file=sys.stderr)
        return EXIT_FAILED
    lock = WriterLock(args.warehouse)
    lock.acquire(wait_seconds=args.wait, command="backfill")
    try:
        return _backfill(args, EXIT_OK, EXIT_FAILED)
    finally:
        lock.release()


def _backfill(args: argparse.Namespace, ok: int, failed: int) -> int:
    from dateline import warehouse
    from dateline.settings import quiet_and_offline

    warehouse.connect(args.warehouse).close()  # fail fast, before Prefect starts, if a reader holds it
    quiet_and_offline(args.warehouse.parent / "prefect")
    from dateline.backfill import DateRange, backfill

    state = backfill(
        start=args.start,
        end=args.end,
        warehouse_path=str(args.warehouse),
        reports_dir=str(args.reports),
        webhook_url=args.webhook,
        wait_seconds=args.wait,
        seeds_dir=str(args.seeds),
        return_state=True,
    )
    summary = state.result(raise_on_failure=False)
    if isinstance(summary, BaseException):
        print(f"dateline: backfill failed: {summary}", file=sys.stderr)
        return failed
    print(summary_text(summary, DateRange(args.start, args.end), args.warehouse))
    return ok if summary.status == "succeeded" else failed


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
