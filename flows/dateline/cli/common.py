"""What every `dateline` command shares: exit codes, errors, option groups, the run's
configuration, and opening the warehouse for reading or running a flow that writes it.

Command modules import from here, never from each other or from the package."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dateline.settings import ENVIRONMENT, RunConfig, SettingError
from dateline.summary import now

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later

_DEFAULTS = RunConfig()


class UsageError(Exception):
    """Bad options: exit 2 with the command's usage."""


class NothingToRead(Exception):
    """No warehouse, or no snapshot of it yet: exit 1 with the message."""


def _default(name: str, shown: object) -> str:
    return f"(default: ${ENVIRONMENT[name]} or {shown})" if name in ENVIRONMENT else f"(default: {shown})"


# --- option groups: each option is declared once, here --------------------------------------


def warehouse_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warehouse", metavar="FILE", type=Path, default=None, help=f"DuckDB file {_default('warehouse', _DEFAULTS.warehouse)}"
    )


def live_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--live", action="store_true",
        help="read the warehouse itself instead of its snapshot (exits 75 while a run is writing it)",
    )


def format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: %(default)s)")


def inbox_options(parser: argparse.ArgumentParser) -> None:
    """Which landing folder a run reads, and when a file there counts as complete."""
    parser.add_argument(
        "--inbox", metavar="DIR", type=Path, default=None,
        help=f"landing folder, read recursively {_default('inbox', 'seeds/articles')}",
    )
    parser.add_argument(
        "--settle", metavar="SECONDS", default=None, dest="settle_seconds",
        help=f"skip files modified less than this long ago: they may still be growing {_default('settle', _DEFAULTS.settle_seconds)}",
    )
    parser.add_argument(
        "--chunk-files", metavar="N", default=None, dest="chunk_files",
        help=f"read, check and commit the new files N at a time; a killed run keeps its committed chunks "
        f"{_default('chunk_files', _DEFAULTS.chunk_files)}",
    )


def reports_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reports", metavar="DIR", type=Path, default=None, help=f"validation reports folder {_default('reports', _DEFAULTS.reports)}"
    )


def quarantine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quarantine", metavar="DIR", type=Path, default=None,
        help="where rejected files are copied (default: $DATELINE_QUARANTINE or <warehouse dir>/quarantine)",
    )


def writer_options(parser: argparse.ArgumentParser, *, quarantine: bool = False, seeds: bool = True) -> None:
    """The options of every command that runs a flow writing the warehouse."""
    warehouse_option(parser)
    reports_option(parser)
    if quarantine:
        quarantine_option(parser)
    if seeds:
        parser.add_argument(
            "--seeds", metavar="DIR", type=Path, default=None, help=f"the reference CSVs extraction uses {_default('seeds', 'seeds/')}"
        )
    parser.add_argument(
        "--wait", metavar="SECONDS", default=None, dest="wait_seconds",
        help=f"how long to wait for another writer to finish before giving up with exit 75 (default: {_DEFAULTS.wait_seconds:g})",
    )
    parser.add_argument(
        "--dask-address", metavar="ADDRESS", default=None, dest="dask_address",
        help="extract large chunks on the Dask scheduler at ADDRESS, e.g. tcp://10.0.0.5:8786 "
        "(default: $DATELINE_DASK_ADDRESS, else a local cluster, one worker per core)",
    )
    parser.add_argument(
        "--dask-min-articles", metavar="N", default=None, dest="dask_min_articles",
        help=f"extract on Dask only in a run of at least N changed files; a smaller run extracts in this process "
        f"{_default('dask_min_articles', _DEFAULTS.dask_min_articles)}",
    )
    parser.add_argument(
        "--webhook", metavar="URL", default=None, dest="webhook_url",
        help="POST a JSON message here when the run or a validation fails (default: $DATELINE_WEBHOOK_URL)",
    )
    parser.add_argument(
        "--verbose", action="store_true", default=None,
        help="also show Prefect's lines about flow and task states (default: $DATELINE_VERBOSE or off)",
    )


# --- the run's configuration, built once ------------------------------------------------------

_CONFIG_OPTIONS = (
    "inbox", "warehouse", "reports", "quarantine", "seeds", "settle_seconds", "wait_seconds", "webhook_url", "chunk_files",
    "dask_address", "dask_min_articles", "verbose",
)


def config_from(args: argparse.Namespace, **values: object) -> RunConfig:
    """The RunConfig of this command line: its options, then $DATELINE_*, then the defaults."""
    given = {name: getattr(args, name) for name in _CONFIG_OPTIONS if hasattr(args, name)}
    try:
        config = RunConfig.build({**given, **values})
    except SettingError as exc:
        raise UsageError(str(exc)) from None
    if "inbox" in given and not config.inbox.is_dir():
        shown = args.inbox or config.inbox
        raise UsageError(f"inbox folder {shown} does not exist" if not config.inbox.exists() else f"inbox {shown} is not a folder")
    if "seeds" in given and not config.seeds.is_dir():
        raise UsageError(f"seeds folder {config.seeds} does not exist")
    return config


# --- reading the warehouse, running a flow that writes it ------------------------------------


def require_warehouse(warehouse_path: Path) -> None:
    """Commands that work on an existing warehouse say how to make one (exit 1)."""
    if not warehouse_path.exists():
        raise NothingToRead(f"warehouse {warehouse_path} does not exist: run `dateline run` first")


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


@contextmanager
def claimed(config: RunConfig, command: str) -> Iterator[None]:
    """Claim the warehouse for a run this command starts, before Prefect starts: hold the writer
    lock (waiting up to --wait for another writer) and wait for any process that has the DuckDB
    file open; either still busy after --wait raises WarehouseBusy or WarehouseLocked (exit 75).
    SIGINT and SIGTERM become ``interrupt.Interrupted`` in the block (see ``dateline.interrupt``).
    The flow's envelope finds the lock held by its own process and leaves it to this block.
    Also points Prefect's home at the warehouse's folder, before Prefect is imported."""
    from dateline import interrupt, warehouse
    from dateline.lock import WriterLock

    os.environ.setdefault("PREFECT_HOME", str(config.prefect_home.resolve()))
    with interrupt.handled(), WriterLock(config.warehouse) as lock:
        lock.acquire(wait_seconds=config.wait_seconds, command=command)
        warehouse.connect_waiting(config.warehouse, wait_seconds=config.wait_seconds).close()
        yield


def ingest_flow():
    """The ingest flow, imported when a run needs it (Prefect and GX come with it)."""
    from dateline.ingest import ingest

    return ingest


class RunNotStarted(Exception):
    """The run could not start (no Prefect API); it is recorded as failed. Exit 1 with the message."""


def run_flow(import_flow: Callable[[], object], config: RunConfig, *, flow_name: str, landing: str | None = None, **parameters):
    """Run the flow ``import_flow()`` returns (imported while Prefect's API server starts) on
    ``config``, the caller holding the warehouse (``claimed``), and return its summary, or the
    exception that ended it before it could make one. A warehouse held by another writer raises
    (exit 75); no Prefect API records a failed run and raises RunNotStarted (exit 1)."""
    from dateline import progress
    from dateline.lock import WarehouseBusy
    from dateline.prefect_runtime import PrefectUnavailable, drain_prefect_services, prefect_api, quiet_interruptions
    from dateline.warehouse import WarehouseLocked

    started = now()
    try:
        with progress.shown(verbose=config.verbose) as display, prefect_api(
            config.warehouse, prefect_home=config.prefect_home, while_starting=import_flow
        ):
            flow = import_flow()
            quiet_interruptions()
            display.take_prefect_logging()
            try:
                state = flow(
                    warehouse_path=config.warehouse,
                    reports_dir=config.reports,
                    webhook_url=config.webhook_url,
                    wait_seconds=config.wait_seconds,
                    seeds_dir=config.seeds,
                    dask_address=config.dask_address,
                    dask_min_articles=config.dask_min_articles,
                    return_state=True,
                    **parameters,
                )
            finally:
                drain_prefect_services()  # send Prefect's logs and events while its API still answers
    except PrefectUnavailable as exc:
        _record_not_started(config, flow_name, landing, started, str(exc))
        raise RunNotStarted(f"the run could not start: {exc}") from None
    result = state.result(raise_on_failure=False)
    if isinstance(result, WarehouseBusy | WarehouseLocked):
        raise result
    return result


def _record_not_started(config: RunConfig, flow_name: str, inbox: str | None, started, error: str) -> None:
    from dateline import runlog, warehouse
    from dateline.summary import RunSummary

    con = warehouse.connect(config.warehouse)
    try:
        warehouse.migrate(con)
        summary = RunSummary(run_id=runlog.new_run_id(), status="failed", error=error)
        runlog.record(con, summary, flow_name=flow_name, started_at=started, inbox=inbox)
    finally:
        con.close()
