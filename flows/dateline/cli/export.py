"""`dateline export`: the snapshot (or, with --live, the warehouse) as Hive-partitioned Parquet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dateline.cli.common import EXIT_FAILED, EXIT_OK, UsageError, config_from, live_option, open_for_reading, warehouse_option


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export", help="write the analyst views and/or the star schema as Parquet partitioned by published month"
    )
    export.add_argument("dir", metavar="DIR", type=Path, help="the folder to write; it must be empty or absent")
    export.add_argument("--format", choices=("parquet",), default="parquet", help="file format (default: %(default)s)")
    export.add_argument(
        "--objects", choices=("views", "star", "all"), default="views",
        help="the analyst views (articles, mentions, ...), the star-schema tables, or both (default: %(default)s)",
    )
    export.add_argument("--overwrite", action="store_true", help="replace DIR if it is not empty")
    warehouse_option(export)
    live_option(export)
    export.set_defaults(handler=cmd_export, usage_of=export)


def cmd_export(args: argparse.Namespace) -> int:
    from dateline.export import ExportError, export

    con = open_for_reading(config_from(args).warehouse, live=args.live)
    try:
        written = export(con, args.dir, objects=args.objects, overwrite=args.overwrite)
    except ExportError as exc:
        if "not empty" in str(exc) or "not a folder" in str(exc):
            raise UsageError(str(exc)) from None
        print(f"dateline: export failed, nothing was written: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        con.close()
    width = max(len(e.name) for e in written)
    for e in written:
        layout = f"{e.partitions} month partitions" if e.partitions else "one file"
        print(f"{e.name:<{width}}  {e.rows:>9} rows  {layout}")
    print(f"exported {len(written)} objects to {args.dir} ({args.format})")
    return EXIT_OK
