"""The `dateline` command: one module per subcommand, shared pieces in ``common``.

Domain errors are mapped to exit codes here, in one place; the user gets one line."""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys

from dateline import __version__
from dateline.cli import backfill, docs, export, quarantine, report, run, serve, sql, status
from dateline.cli.common import EXIT_FAILED, EXIT_LOCKED, EXIT_USAGE, NothingToRead, RunNotStarted, UsageError

COMMANDS = (run, sql, backfill, serve, status, quarantine, report, docs, export)  # in the order `dateline --help` lists them


class _Parser(argparse.ArgumentParser):
    """An unknown command gets the closest known one as a suggestion."""

    def error(self, message: str):
        match = re.match(r"argument (COMMAND|ACTION): invalid choice: '([^']*)'", message)
        if match:
            choices = self._subparsers._group_actions[0].choices if self._subparsers else {}
            close = difflib.get_close_matches(match.group(2), list(choices), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (commands: {', '.join(choices)})"
            message = f"unknown {match.group(1).lower()} '{match.group(2)}'{hint}"
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dateline", description="Dated news-article files into a DuckDB warehouse, validated and scheduled."
    )
    parser.add_argument("--version", action="version", version=f"dateline {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    from dateline import interrupt
    from dateline.lock import WarehouseBusy
    from dateline.warehouse import WarehouseLocked

    parser = build_parser()
    args = parser.parse_args(argv)
    interrupt.reset()
    try:
        code = args.handler(args)
        if (signum := interrupt.pending()) is not None:
            print(f"dateline: {interrupt.Interrupted(signum)} after the load committed: the run finished and is recorded as it ended",
                  file=sys.stderr)
            return 128 + signum
        return code
    except UsageError as exc:
        getattr(args, "usage_of", parser).print_usage(sys.stderr)  # the usage of the command that was given
        print(f"dateline: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (NothingToRead, RunNotStarted) as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except WarehouseBusy as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except WarehouseLocked as exc:
        print(f"dateline: {exc}; try again when it has finished", file=sys.stderr)
        return EXIT_LOCKED
    except KeyboardInterrupt:
        print("dateline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the reader left: stop quietly
        return 141
    except Exception as exc:  # anything else (a damaged warehouse, a full disk): one line, never a traceback
        from dateline.cli.errors import report

        return report(exc)
    except BaseException as exc:  # SIGINT/SIGTERM: ours, or Prefect's TerminationSignal inside a flow
        if (signum := interrupt.signal_of(exc)) is None:
            raise
        print(f"dateline: {interrupt.Interrupted(signum)}; {interrupt.outcome()}", file=sys.stderr)
        return 128 + signum


def entry() -> None:
    """The `dateline` console script. After an interruption the process leaves at once: Prefect
    keeps the interrupted run's state (and the DuckDB objects its traceback holds) until exit, where
    they would only produce noise; everything the run started has already been stopped."""
    code = main()
    if code in (130, 143):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
