"""`dateline quarantine list` and `dateline quarantine retry FILE`.

A file is quarantined while the latest version seen at its path was quarantined (the view
``quarantine_current``). Retry runs the ingest flow on that one path, reading it even if it is
unchanged, so a file fixed in place, or one a changed rule now accepts, loads at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from dateline.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    claimed,
    config_from,
    format_option,
    ingest_flow,
    live_option,
    open_for_reading,
    require_warehouse,
    run_flow,
    warehouse_option,
    writer_options,
)


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `quarantine` subcommand (with its actions `list` and `retry`) to the `dateline` parser."""
    quarantine = commands.add_parser(
        "quarantine", help="list the quarantined files, or retry one after fixing it",
        description="The files whose latest version was quarantined, and a retry of one of them.",
    )
    actions = quarantine.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="the files quarantined now, newest first")
    warehouse_option(listing)
    format_option(listing)
    listing.add_argument("--all", action="store_true", help="every file version ever quarantined, including the ones fixed since")
    live_option(listing)
    listing.set_defaults(handler=cmd_list, usage_of=listing)

    retry = actions.add_parser(
        "retry", help="ingest one quarantined file again, even if it is unchanged",
        description="Run the ingest flow on one quarantined file, e.g. after fixing it in place or changing a rule.",
    )
    retry.add_argument("file", metavar="FILE", help="the quarantined file's name (001_….txt) or its landing-folder path")
    writer_options(retry, quarantine=True, seeds=False)
    retry.set_defaults(handler=cmd_retry, usage_of=retry)


def cmd_list(args: argparse.Namespace) -> int:
    from dateline import warehouse
    from dateline.render import FORMATS

    con = open_for_reading(config_from(args).warehouse, live=args.live)
    try:
        cursor = con.execute(warehouse.sql("status/quarantine_history" if args.all else "status/quarantine_current"))
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.close()
    print(FORMATS[args.format](columns, rows))
    return EXIT_OK


@dataclass(frozen=True)
class Quarantined:
    path: str
    file_name: str
    reason: str
    run_id: str
    inbox: str | None


def as_paths(file: str) -> frozenset[str]:
    """The absolute paths a FILE argument may stand for; empty for a bare file name."""
    if os.sep not in file:
        return frozenset()
    given = Path(file)
    return frozenset({os.path.abspath(given), str(given.parent.resolve() / given.name)})


def matches(quarantined: list[Quarantined], file: str, paths: frozenset[str]) -> list[Quarantined]:
    """The quarantined files FILE names: by path when it is a path, else by file name."""
    if paths:
        return [q for q in quarantined if q.path in paths]
    return [q for q in quarantined if q.file_name == file]


def retry_outcome(summary, item: Quarantined) -> tuple[str | None, str | None, int]:
    """(a line for stdout, a line for stderr, the exit code) after the retry run ``summary``."""
    if summary.status != "succeeded":
        return None, f"dateline: the retry run failed; {item.file_name} stays quarantined", EXIT_FAILED
    if summary.files_quarantined:
        reason = summary.quarantined[0][1] if summary.quarantined else "see the run's report"
        return None, f"dateline: {item.file_name} is still quarantined: {reason}", EXIT_FAILED
    if summary.files_loaded or summary.files_duplicate:
        return f"{item.file_name} is no longer quarantined", None, EXIT_OK
    return None, f"dateline: {item.path} could not be read (it changed or vanished meanwhile); it stays quarantined", EXIT_FAILED


def cmd_retry(args: argparse.Namespace) -> int:
    config = config_from(args)
    require_warehouse(config.warehouse)
    with claimed(config, "quarantine retry"):
        return _retry(args, config)


def _retry(args: argparse.Namespace, config) -> int:
    """Holding the writer lock: find the file in the live warehouse, then run the flow on it alone."""
    from dateline import warehouse
    from dateline.summary import summary_text

    con = warehouse.connect(config.warehouse, read_only=True)
    try:
        quarantined = [Quarantined(*row) for row in con.execute(warehouse.sql("status/retry_candidates")).fetchall()]
    finally:
        con.close()
    found = matches(quarantined, args.file, as_paths(args.file))
    if not found:
        print(f"dateline: {args.file} is not quarantined (`dateline quarantine list` shows the ones that are)", file=sys.stderr)
        return EXIT_FAILED
    if len(found) > 1:
        raise UsageError(f"{args.file} names {len(found)} quarantined files: {', '.join(q.path for q in found)}; give its path")
    item = found[0]
    if not Path(item.path).is_file():
        print(f"dateline: {item.path} no longer exists: put the fixed file back at that path, then retry", file=sys.stderr)
        return EXIT_FAILED
    summary = run_flow(
        ingest_flow, config, flow_name="dateline-ingest", landing=item.inbox,
        inbox=Path(item.inbox or Path(item.path).parent),
        quarantine_dir=config.quarantine,
        settle_seconds=0.0,  # the user named this file: do not leave it for later because it was just saved
        retry_paths=[item.path],
    )
    if isinstance(summary, BaseException):
        print(f"dateline: run failed: {summary}", file=sys.stderr)
        return EXIT_FAILED
    print(summary_text(summary, config.warehouse))
    out, err, code = retry_outcome(summary, item)
    if out:
        print(out)
    if err:
        print(err, file=sys.stderr)
    return code
