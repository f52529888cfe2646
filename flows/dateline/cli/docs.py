"""`dateline docs`: the data dictionary (dbt-docs style) of the snapshot, or with --live the warehouse.

Every table and view, its comment and its columns' (COMMENT ON, from sql/comments/), the GX suite
that tests it and its check query, and its lineage, as text, Markdown or one self-contained HTML page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dateline.cli.common import EXIT_OK, UsageError, config_from, live_option, open_for_reading, warehouse_option


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `docs` subcommand to the `dateline` parser."""
    docs = commands.add_parser(
        "docs", help="the data dictionary: every table and view, its columns, tests and lineage (text, Markdown or HTML)"
    )
    docs.add_argument("objects", nargs="*", metavar="OBJECT", help="only these tables or views (default: all)")
    warehouse_option(docs)
    live_option(docs)
    docs.add_argument(
        "--format", choices=("text", "markdown", "html"), default="text", help="output format (default: %(default)s)"
    )
    docs.add_argument("--output", metavar="FILE", type=Path, default=None, help="write it to FILE instead of standard output")
    docs.set_defaults(handler=cmd_docs, usage_of=docs)


def cmd_docs(args: argparse.Namespace) -> int:
    from dateline import dictionary

    con = open_for_reading(config_from(args).warehouse, live=args.live)
    try:
        entries = dictionary.read(con)
    finally:
        con.close()
    if args.objects:
        known = {e.name for e in entries}
        unknown = [name for name in args.objects if name not in known]
        if unknown:
            raise UsageError(f"no table or view named {', '.join(unknown)} (`dateline docs` lists them all)")
        entries = [e for e in entries if e.name in args.objects]
    if args.format == "text":
        text = dictionary.as_text(entries, width=None if args.output else -1)
    else:
        text = dictionary.FORMATS[args.format](entries)
    if args.output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        args.output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK
