"""The `dateline` command: run the pipeline, query the warehouse."""

from __future__ import annotations

import argparse
import math
import os
import re
import signal
import sys
from urllib.parse import urlsplit
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dateline import __version__
from dateline.render import printable
from dateline.settings import DEFAULT_INBOX, DEFAULT_REPORTS, DEFAULT_WAREHOUSE, SEEDS_DIR, quiet_and_offline

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later


class UsageError(Exception):
    pass


class NothingToRead(Exception):
    """No warehouse, or no snapshot of it yet: exit 1 with the message."""


def _existing_dir(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise UsageError(f"inbox folder {value} does not exist" if not path.exists() else f"inbox {value} is not a folder")
    return path


_VARIABLE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _variable(text: str) -> tuple[str, str | list[str]]:
    name, sep, value = text.partition("=")
    if not sep or not _VARIABLE_RE.fullmatch(name):
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value.split(",") if "," in value else value


def seconds(text: str) -> float:
    """A number of seconds, 0 or more (not nan, not inf)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a finite number of seconds, 0 or more, got {text!r}")
    return value


def webhook_url(url: str | None) -> str | None:
    """An http or https URL with a host; anything else (file:, ftp:, no host) is refused (exit 2)."""
    if url and (urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).hostname):
        raise UsageError(f"webhook {url!r} is not an http:// or https:// URL")
    return url


def add_writer_options(parser: argparse.ArgumentParser, *, quarantine: bool = False, seeds: bool = True) -> None:
    """The options of every command that runs a flow writing the warehouse."""
    parser.add_argument("--warehouse", metavar="FILE", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file (default: %(default)s)")
    parser.add_argument(
        "--reports", metavar="DIR", type=Path, default=DEFAULT_REPORTS, help="validation reports folder (default: %(default)s)"
    )
    if quarantine:
        parser.add_argument(
            "--quarantine", metavar="DIR", type=Path, default=None,
            help="where rejected files are copied (default: <warehouse dir>/quarantine)",
        )
    if seeds:
        parser.add_argument(
            "--seeds", metavar="DIR", type=Path, default=SEEDS_DIR, help="the reference CSVs extraction uses (default: %(default)s)"
        )
    parser.add_argument(
        "--wait", type=seconds, default=60.0, metavar="SECONDS",
        help="how long to wait for another writer to finish before giving up with exit 75 (default: %(default)s)",
    )
    parser.add_argument(
        "--webhook", metavar="URL", default=None,
        help="POST a JSON message here when the run or a validation fails (default: $DATELINE_WEBHOOK_URL)",
    )


def check_writer_options(args: argparse.Namespace) -> None:
    if args.wait < 0:
        raise UsageError("--wait must be 0 or more seconds")
    webhook_url(args.webhook or os.environ.get("DATELINE_WEBHOOK_URL"))
    if getattr(args, "seeds", None) is not None and not args.seeds.is_dir():
        raise UsageError(f"seeds folder {args.seeds} does not exist")


@contextmanager
def writer(args: argparse.Namespace, command: str) -> Iterator[None]:
    """Hold the writer lock for the block, waiting up to --wait for another writer (else exit 75)."""
    from dateline.lock import WriterLock

    with WriterLock(args.warehouse) as lock:
        lock.acquire(wait_seconds=args.wait, command=command)
        yield


def run_flow(flow: str, args: argparse.Namespace, **parameters):
    """Run the flow ``module:name`` on the warehouse (holding the writer lock) and return its
    summary, or the exception that ended it before it could make one."""
    import importlib

    from dateline import warehouse

    # wait for a reader of the live file, and fail fast (exit 75) before Prefect starts if it stays
    warehouse.connect_waiting(args.warehouse, wait_seconds=args.wait).close()
    quiet_and_offline(args.warehouse.parent / "prefect")  # before Prefect is imported
    module, name = flow.split(":")
    state = getattr(importlib.import_module(module), name)(
        warehouse_path=str(args.warehouse),
        reports_dir=str(args.reports),
        webhook_url=args.webhook,
        wait_seconds=args.wait,
        return_state=True,
        **parameters,
    )
    return state.result(raise_on_failure=False)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline", description="Dated news-article files into a DuckDB warehouse, validated and scheduled."
    )
    parser.add_argument("--version", action="version", version=f"dateline {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="ingest the new and changed files of the inbox (one flow run)")
    run.add_argument("--inbox", metavar="DIR", default=str(DEFAULT_INBOX), help="landing folder, read recursively (default: %(default)s)")
    run.add_argument(
        "--settle", type=seconds, default=1.0, metavar="SECONDS",
        help="skip files modified less than this long ago: they may still be growing (default: %(default)s)",
    )
    add_writer_options(run, quarantine=True)
    run.set_defaults(handler=cmd_run)

    query = commands.add_parser(
        "sql", help="run read-only ad-hoc SQL on the snapshot published by the last successful run"
    )
    query.add_argument("query", nargs="?", help="the SQL text")
    query.add_argument("--file", type=Path, help="read the SQL from this file instead")
    query.add_argument("--warehouse", metavar="FILE", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file (default: %(default)s)")
    query.add_argument(
        "--live", action="store_true",
        help="read the warehouse itself instead of its snapshot (exits 75 while a run is writing it)",
    )
    query.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: %(default)s)")
    query.add_argument(
        "--allow-files", metavar="DIR", type=Path, default=None,
        help="let the SQL read and write files in this folder (COPY ... TO); by default it can touch no file",
    )
    query.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", type=_variable,
        help="set a SQL variable the query reads with getvariable('NAME'); a value with commas is a list",
    )
    query.set_defaults(handler=cmd_sql)

    from dateline import backfill_cli, quarantine_cli, serve, status

    serve.register(commands)
    backfill_cli.register(commands)
    status.register(commands)
    quarantine_cli.register(commands)
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    inbox = _existing_dir(args.inbox)
    if args.settle < 0:
        raise UsageError("--settle must be 0 or more seconds")
    check_writer_options(args)
    with writer(args, "run"):
        summary = run_flow(
            "dateline.ingest:ingest", args,
            inbox=str(inbox),
            quarantine_dir=str(args.quarantine) if args.quarantine else None,
            settle_seconds=args.settle,
            seeds_dir=str(args.seeds),
        )
    if isinstance(summary, BaseException):
        print(f"dateline: run failed: {printable(str(summary))}", file=sys.stderr)
        return EXIT_FAILED
    print(summary_text(summary, args.warehouse))
    if summary.status == "interrupted":
        raise KeyboardInterrupt
    return EXIT_OK if summary.status == "succeeded" else EXIT_FAILED


def summary_text(summary, warehouse_path: Path) -> str:
    from dateline.reports import COUNT_FIELDS

    lines = [f"Run {summary.run_id} {summary.status}"]
    lines += [f"  {label:<15} {getattr(summary, attr):>7}" for label, attr in COUNT_FIELDS]
    lines += [f"Warehouse:         {warehouse_path}"]
    if getattr(summary, "snapshot_path", None):
        lines.append(f"Snapshot:          {summary.snapshot_path}")
    if summary.report_path:
        lines.append(f"Validation report: {summary.report_path}")
    if summary.quarantined:
        lines.append("Quarantined:")
        lines += [f"  {printable(name)}: {printable(reason)}" for name, reason in summary.quarantined]
    if summary.error:
        lines.append(f"Error: {printable(summary.error)}")
    return "\n".join(lines)


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from dateline import analyst
    from dateline.render import FORMATS

    if (args.query is None) == (args.file is None):
        raise UsageError("give either a SQL query or --file, not both")
    if args.file is not None and not args.file.is_file():
        raise UsageError(f"SQL file {args.file} does not exist")
    if args.allow_files is not None and not args.allow_files.is_dir():
        raise UsageError(f"--allow-files {args.allow_files} is not a folder")
    text = args.query if args.file is None else args.file.read_text(encoding="utf-8")
    con = analyst.open_analyst(reading_path(args.warehouse, live=args.live), allow_files=args.allow_files)
    try:
        columns, rows = analyst.run(con, text, args.set)
    except analyst.NoStatement as exc:
        raise UsageError(str(exc)) from None
    except duckdb.Error as exc:
        print(f"dateline: SQL error: {printable(analyst.error_line(exc))}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        con.close()
    print(FORMATS[args.format](columns, rows))
    return EXIT_OK


def open_for_reading(warehouse_path: Path, *, live: bool):
    """A read-only connection to the snapshot, or with ``live`` to the warehouse itself."""
    from dateline import warehouse

    return warehouse.connect(reading_path(warehouse_path, live=live), read_only=True)


def reading_path(warehouse_path: Path, *, live: bool) -> Path:
    """The snapshot, or with ``live`` the warehouse itself; NothingToRead when it is missing."""
    from dateline.snapshot import snapshot_path

    if live:
        require_warehouse(warehouse_path)
        return warehouse_path
    published = snapshot_path(warehouse_path)
    if published.exists():
        return published
    require_warehouse(warehouse_path)
    raise NothingToRead(
        f"no snapshot {published} yet: one is published after each successful run; --live reads the warehouse itself"
    )


def require_warehouse(warehouse_path: Path) -> None:
    """Commands that work on an existing warehouse say how to make one (exit 1)."""
    if not warehouse_path.exists():
        raise NothingToRead(f"warehouse {warehouse_path} does not exist: run `dateline run` first")


def main(argv: list[str] | None = None) -> int:
    from dateline.lock import WarehouseBusy
    from dateline.warehouse import WarehouseLocked

    parser = build_parser()
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored (`cmd &`)
    try:
        return args.handler(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"dateline: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except NothingToRead as exc:
        print(f"dateline: {printable(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except WarehouseBusy as exc:
        print(f"dateline: {printable(str(exc))}", file=sys.stderr)
        return EXIT_LOCKED
    except WarehouseLocked as exc:
        print(f"dateline: {printable(str(exc))}; try again when it has finished", file=sys.stderr)
        return EXIT_LOCKED
    except KeyboardInterrupt:
        print("dateline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the reader left: stop quietly
        return 141
    except Exception as exc:  # anything else: one line, never a traceback
        from dateline.errors import report

        return report(exc)


if __name__ == "__main__":
    sys.exit(main())
