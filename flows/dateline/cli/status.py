"""`dateline status`: what the warehouse holds and what is going on, at a glance.

Which copy was read, who is writing, the last runs, the files waiting in the landing folder and
the quarantine. The formatting functions are pure; ``cmd_status`` gathers the facts. The output
fits the terminal's width ($COLUMNS, else the terminal's own; see ``dateline.render``): the runs
table becomes a few lines per run when it is wider, and any other longer line is wrapped.
"""

from __future__ import annotations

import argparse
import re
import textwrap
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dateline.cli.common import EXIT_OK, UsageError, config_from, live_option, open_for_reading, warehouse_option
from dateline.reasons import reason_kind
from dateline.settings import RunConfig

MAX_NAMES = 10  # waiting and pending files listed by name
MAX_ERROR = 60  # characters of a run's error shown
LABEL_WIDTH = 11


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `status` subcommand to the `dateline` parser."""
    status = commands.add_parser(
        "status", help="show the last runs, the current writer, the files waiting and the quarantine"
    )
    warehouse_option(status)
    status.add_argument(
        "--inbox", metavar="DIR", type=Path, default=None,
        help="landing folder to look for waiting files in (default: the inbox of the most recent run)",
    )
    status.add_argument("--runs", type=int, default=5, metavar="N", help="how many recent runs to show (default: %(default)s)")
    live_option(status)
    status.set_defaults(handler=cmd_status, usage_of=status)


# --- pure formatting -------------------------------------------------------------------------


def utc(moment: datetime | None) -> str:
    """2024-03-25 03:00:04Z; naive datetimes are UTC, as the warehouse stores them."""
    if moment is None:
        return "-"
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%SZ")


def duration(span: timedelta | None) -> str:
    if span is None:
        return "-"
    seconds = span.total_seconds()
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def validation(success: bool | None) -> str:
    return "passed" if success else "FAILED" if success is False else "not run"


def short(text: str | None, width: int = MAX_ERROR) -> str:
    """One line of at most ``width`` characters."""
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def align(columns: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool], indent: str = "  ") -> list[str]:
    """Columns padded to a common width, right-aligned where ``right`` says so."""
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        cells = [v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right, strict=True)]
        return (indent + "  ".join(cells)).rstrip()

    return [line(columns), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def label(name: str, value: str) -> str:
    return f"{name + ':':<{LABEL_WIDTH}} {value}"


def source_lines(warehouse: Path, snapshot: Path, published: datetime | None, *, live: bool) -> list[str]:
    """Which file the facts below come from, and how fresh the analysts' snapshot is."""
    stamp = f"published {utc(published)}" if published else "no snapshot yet"
    read = f"the warehouse itself (--live); snapshot {stamp}" if live else f"snapshot {snapshot}, {stamp}"
    return [label("Warehouse", str(warehouse)), label("Read from", read)]


def writer_line(holder: dict | None, *, alive: bool, lock_file: Path) -> str:
    """The lock file's holder: a live writer, a stale lock, or nobody."""
    if holder is None:
        return label("Writer", "no run in progress")
    if not holder:
        return label("Writer", f"unknown: the lock file {lock_file} cannot be read")
    who = f"run {holder.get('run_id') or '(starting)'}, PID {holder.get('pid')}, command {holder.get('command')}"
    if not alive:
        return label("Writer", f"no run in progress (stale lock of {who}: its process is gone)")
    return label("Writer", f"{who}, since {holder.get('since')}")


@dataclass(frozen=True)
class RunRow:
    started_at: datetime
    finished_at: datetime | None
    duration: timedelta | None
    flow_name: str
    status: str
    files_new: int | None
    files_loaded: int | None
    files_duplicate: int | None
    files_quarantined: int | None
    validation_success: bool | None
    note: str | None  # the error, or what a backfill re-derived


RUN_COLUMNS = ("started", "finished", "duration", "flow", "status", "new", "loaded", "duplicate", "quarantined", "validation", "notes")
RUN_RIGHT = (False, False, True, False, False, True, True, True, True, False, False)


def _counts(r: RunRow) -> str | None:
    if all(n is None for n in (r.files_new, r.files_loaded, r.files_duplicate, r.files_quarantined)):
        return None
    new, loaded, duplicate, quarantined = ("-" if n is None else str(n) for n in (
        r.files_new, r.files_loaded, r.files_duplicate, r.files_quarantined))
    return f"{new} new: {loaded} loaded, {duplicate} duplicate, {quarantined} quarantined"


def run_blocks(runs: Sequence[RunRow], width: int) -> list[str]:
    """The runs for a narrow terminal: a line of what ran and how it ended, a line of its file
    counts, and its note cut to the width."""
    lines = []
    for r in runs:
        lines.append(
            f"  {utc(r.started_at)}  {r.flow_name.removeprefix('dateline-')}  {r.status}  {duration(r.duration)}  "
            f"validation {validation(r.validation_success)}"
        )
        lines += [f"    {text}" for text in (_counts(r), short(r.note, max(width - 4, MIN_NOTE))) if text]
    return lines


MIN_NOTE = 20  # characters of a note kept however narrow the terminal


def runs_lines(runs: Sequence[RunRow], width: int | None = None) -> list[str]:
    """The runs as a table; where ``width`` is given and the table is wider, as ``run_blocks``."""
    if not runs:
        return ["Runs: none yet"]
    rows = [
        [
            utc(r.started_at),
            utc(r.finished_at),
            duration(r.duration),
            r.flow_name.removeprefix("dateline-"),
            r.status,
            *("-" if n is None else str(n) for n in (r.files_new, r.files_loaded, r.files_duplicate, r.files_quarantined)),
            validation(r.validation_success),
            short(r.note),
        ]
        for r in runs
    ]
    title = f"Last {len(runs)} runs, newest first:" if len(runs) > 1 else "Last run:"
    table = align(RUN_COLUMNS, rows, RUN_RIGHT)
    if width is not None and max(map(len, table)) > width:
        return [title, *run_blocks(runs, width)]
    return [title, *table]


_LABEL = re.compile(r"[A-Z][\w ]*: +")  # "Read from:  "


def fit_lines(lines: Sequence[str], width: int | None) -> list[str]:
    """``lines`` no wider than ``width`` (None: as they are): a longer line is wrapped, its
    continuation indented under its text (after a "Label:" or the line's own indent), or by two
    spaces where that keeps a long word (a path) whole."""
    if width is None:
        return list(lines)
    fitted: list[str] = []
    for line in lines:
        if len(line) <= width:
            fitted.append(line)
            continue
        label = _LABEL.match(line)
        indent = min(len(label.group()) if label else len(line) - len(line.lstrip(" ")) + 2, width // 2)
        if max(map(len, line.split())) > width - indent:  # a long path keeps whole, on a line of its own
            indent = min(indent, 2)
        fitted += textwrap.wrap(line, width, subsequent_indent=" " * indent, break_on_hyphens=False) or [line[:width]]
    return fitted


def _count(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def _names(names: Sequence[str]) -> list[str]:
    shown = [f"    {name}" for name in names[:MAX_NAMES]]
    if len(names) > MAX_NAMES:
        shown.append(f"    … and {len(names) - MAX_NAMES} more")
    return shown


def landing_lines(
    inbox: Path | None, origin: str, waiting: Sequence[str], pending: Sequence[str], *, exists: bool = True
) -> list[str]:
    """The files the next run would read (``waiting``) and those it would leave for later (``pending``)."""
    if inbox is None:
        return ["Landing folder: unknown: no run has recorded one (--inbox names it)"]
    if not exists:
        return [f"Landing folder {inbox} ({origin}): does not exist"]
    lines = [f"Landing folder {inbox} ({origin}):"]
    if waiting:
        lines += [f"  {_count(len(waiting))} waiting for the next run:", *_names(waiting)]
    else:
        lines.append("  nothing waiting for the next run")
    if pending:
        lines += [f"  {_count(len(pending))} pending (partial or still being written):", *_names(pending)]
    return lines


def quarantine_lines(stages_and_reasons: Sequence[tuple[str, str]]) -> list[str]:
    if not stages_and_reasons:
        return ["Quarantine: no file quarantined"]
    kinds = Counter((stage, reason_kind(reason)) for stage, reason in stages_and_reasons)
    ordered = sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
    width = max(len(str(n)) for n in kinds.values())
    stage_width = max(len(stage) for stage, _ in kinds)
    return [
        f"Quarantine: {_count(len(stages_and_reasons))} quarantined",
        *(f"  {n:>{width}}  {stage:<{stage_width}}  {kind}" for (stage, kind), n in ordered),
        "  `dateline quarantine list` shows them; fix a file in place, then `dateline quarantine retry FILE`",
    ]


# --- gathering the facts ---------------------------------------------------------------------


def waiting_files(inbox: Path, known: dict[str, tuple[int, int, str]], *, now: float) -> tuple[list[str], list[str]]:
    """Names (below ``inbox``) of the files the next `dateline run` would read, and of those it would
    leave pending, with the reason (a file this user cannot read is pending, not waiting)."""
    from dateline.discover import changed_since, list_inbox, printable_path, readable

    config = RunConfig()
    listing = list_inbox(inbox, pattern=config.pattern, settle_seconds=config.settle_seconds, now=now)
    stats = {path: (size, mtime) for path, (size, mtime, _) in known.items()}
    root = printable_path(str(inbox))
    waiting: list[str] = []
    pending = [f"{Path(p.path).relative_to(root)}: {p.reason}" for p in listing.pending]
    for state in changed_since(listing.files, stats):
        problem = readable(state)
        name = str(Path(state.path).relative_to(root))
        if problem is None:
            waiting.append(name)
        else:
            pending.append(f"{name}: {problem}")
    return waiting, pending


def _writer(warehouse: Path) -> str:
    from dateline.lock import holder_path, is_held, read_holder

    holder = read_holder(warehouse)
    held = is_held(warehouse)
    if held and holder is None:
        holder = {}
    if not held and not holder:
        holder = None
    return writer_line(holder, alive=held, lock_file=holder_path(warehouse))


def _published(snapshot: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(snapshot.stat().st_mtime, UTC)
    except FileNotFoundError:
        return None


def cmd_status(args: argparse.Namespace) -> int:
    from dateline import warehouse
    from dateline.snapshot import snapshot_path

    if args.runs < 1:
        raise UsageError("--runs must be 1 or more")
    from dateline.render import output_width, printable

    warehouse_path = config_from(args).warehouse
    width = output_width()
    con = open_for_reading(warehouse_path, live=args.live)
    try:
        cursor = con.execute(warehouse.sql("status/recent_runs"), {"runs": args.runs})
        runs = [RunRow(*row) for row in cursor.fetchall()]
        recorded = con.execute(warehouse.sql("status/last_inbox")).fetchone()
        known = warehouse.known_file_state(con)
        quarantined = con.execute("select stage, reason from quarantine_current").fetchall()
    finally:
        con.close()
    if args.inbox is not None:
        inbox, origin = args.inbox.resolve(), "--inbox"
    elif recorded is not None:
        inbox, origin = Path(recorded[0]), "the last run's inbox"
    else:
        inbox, origin = None, ""
    exists = inbox is not None and inbox.is_dir()
    waiting, pending = waiting_files(inbox, known, now=time.time()) if exists else ([], [])
    snapshot = snapshot_path(warehouse_path)
    lines = [
        *source_lines(warehouse_path, snapshot, _published(snapshot), live=args.live),
        _writer(warehouse_path),
        "",
        *runs_lines(runs, width),
        "",
        *landing_lines(inbox, origin, waiting, pending, exists=exists),
        "",
        *quarantine_lines(quarantined),
    ]
    print("\n".join(fit_lines(printable("\n".join(lines)).split("\n"), width)))
    return EXIT_OK
