"""`dateline report`: rebuild the run report and the validation pages from the warehouse."""

from __future__ import annotations

import argparse

from dateline.cli.common import EXIT_OK, config_from, live_option, open_for_reading, reports_option, warehouse_option


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report", help="rebuild the run report (index.html) and every run's validation page, offline HTML with SVG charts"
    )
    warehouse_option(report)
    reports_option(report)
    live_option(report)
    report.set_defaults(handler=cmd_report, usage_of=report)


def cmd_report(args: argparse.Namespace) -> int:
    from dateline import report

    config = config_from(args)
    con = open_for_reading(config.warehouse, live=args.live)
    try:
        built = report.build(con, config.reports)
    finally:
        con.close()
    print(f"Run report:        {built.index}")
    runs = f"{built.runs} run" if built.runs == 1 else f"{built.runs} runs"
    print(f"Validation report: {built.validation_index} ({runs}, one page each)")
    return EXIT_OK
