"""`dateline sql`: read-only ad-hoc SQL on the analysts' snapshot (or, with --live, the warehouse)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from dateline.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    config_from,
    format_option,
    live_option,
    reading_path,
    warehouse_option,
)

_VARIABLE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _variable(text: str) -> tuple[str, str | list[str]]:
    name, sep, value = text.partition("=")
    if not sep or not _VARIABLE_RE.fullmatch(name):
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value.split(",") if "," in value else value


def register(commands: argparse._SubParsersAction) -> None:
    query = commands.add_parser("sql", help="run read-only ad-hoc SQL on the snapshot published by the last successful run")
    query.add_argument("query", nargs="?", help="the SQL text")
    query.add_argument("--file", type=Path, help="read the SQL from this file instead")
    warehouse_option(query)
    live_option(query)
    format_option(query)
    query.add_argument(
        "--allow-files", metavar="DIR", type=Path, default=None,
        help="let the SQL read and write files in this folder (COPY ... TO); by default it can touch no file",
    )
    query.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", type=_variable,
        help="set a SQL variable the query reads with getvariable('NAME'); a value with commas is a list",
    )
    query.set_defaults(handler=cmd_sql, usage_of=query)


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from dateline import analyst
    from dateline.render import FORMATS, printable

    if (args.query is None) == (args.file is None):
        raise UsageError("give either a SQL query or --file, not both")
    if args.file is not None and not args.file.is_file():
        raise UsageError(f"SQL file {args.file} does not exist")
    if args.allow_files is not None and not args.allow_files.is_dir():
        raise UsageError(f"--allow-files {args.allow_files} is not a folder")
    text = args.query if args.file is None else args.file.read_text(encoding="utf-8")
    con = analyst.open_analyst(reading_path(config_from(args).warehouse, live=args.live), allow_files=args.allow_files)
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
