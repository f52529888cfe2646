"""`dateline serve`: run the ingest flow on a schedule, as a Prefect deployment, until stopped.

One process does it all: it registers the deployment ``dateline-ingest/<name>`` (the schedule, the
run's parameters, a concurrency limit of 1) and runs a Prefect ``Runner`` that executes its
scheduled flow runs, each in a subprocess. Prefect schedules only through a real server, so without
``PREFECT_API_URL`` it starts a private one on loopback (see ``dateline.prefect_server``) and stops
it on exit. SIGINT and SIGTERM stop it cleanly: the runner cancels a run in progress (its load is
one transaction, so nothing is half-loaded; the next run marks it abandoned), the server stops, and
the schedule stays active (``pause_on_shutdown=False``) for the next start.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dateline.settings import DEFAULT_INBOX, DEFAULT_REPORTS, DEFAULT_WAREHOUSE

FLOW_NAME = "dateline-ingest"
DEPLOYMENT_NAME = "scheduled"
SERVER_DIR = "prefect-server"  # the local server's PREFECT_HOME, beside the warehouse
SERVE_PID_VARIABLE = "DATELINE_SERVE_PID"
STOP_TIMEOUT = 60.0  # seconds to cancel a run in progress and shut the runner down
_BANNED_NAME_CHARACTERS = "/%&><"
_STOPPING = threading.Event()  # set when serve is asked to stop: the runs it ends then were stopped with it
_REPORTED: set = set()  # runs already reported by this process (a stopped run is both crashed and cancelled)


@dataclass(frozen=True)
class ServeOptions:
    cron: str | None
    interval: float | None
    timezone: str
    inbox: Path
    warehouse: Path
    reports: Path
    quarantine: Path | None
    settle: float
    name: str
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def schedule_text(self) -> str:
        when = f'cron "{self.cron}"' if self.cron is not None else f"every {self.interval:g} s"
        return f"{when} ({self.timezone})"

    @property
    def poll_seconds(self) -> float:
        """How often the runner asks for due runs: often enough for a short interval."""
        if self.interval is not None and self.interval < 60:
            return max(1.0, self.interval / 5)
        return 10.0

    @property
    def scheduler_loop_seconds(self) -> float:
        """How often the local server's scheduler tops up future runs."""
        if self.interval is not None:
            return min(60.0, max(1.0, self.interval))
        return 60.0


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `serve` subcommand to the `dateline` parser."""
    serve = commands.add_parser(
        "serve",
        help="run the ingest flow on a schedule until stopped (a Prefect deployment)",
        description=(
            "Register the Prefect deployment dateline-ingest/NAME with a schedule and run its scheduled flow runs "
            "until SIGINT or SIGTERM. Without PREFECT_API_URL a local Prefect server is started on 127.0.0.1 "
            "(state in <warehouse dir>/prefect-server) and stopped on exit."
        ),
    )
    serve.add_argument("--cron", metavar="EXPR", help='a cron schedule, e.g. "0 * * * *" (every hour)')
    serve.add_argument("--interval", metavar="SECONDS", help="run every SECONDS seconds")
    serve.add_argument("--timezone", metavar="TZ", default="UTC", help="IANA time zone of the schedule (default: %(default)s)")
    serve.add_argument("--inbox", metavar="DIR", default=str(DEFAULT_INBOX), help="landing folder, read recursively (default: %(default)s)")
    serve.add_argument("--warehouse", metavar="FILE", type=Path, default=DEFAULT_WAREHOUSE, help="DuckDB file (default: %(default)s)")
    serve.add_argument("--reports", metavar="DIR", type=Path, default=DEFAULT_REPORTS, help="validation reports folder (default: %(default)s)")
    serve.add_argument("--quarantine", metavar="DIR", type=Path, default=None, help="where rejected files are copied (default: <warehouse dir>/quarantine)")
    serve.add_argument(
        "--settle", type=float, default=1.0, metavar="SECONDS",
        help="skip files modified less than this long ago: they may still be growing (default: %(default)s)",
    )
    serve.add_argument("--name", default=DEPLOYMENT_NAME, help=f"deployment name, under the flow {FLOW_NAME} (default: %(default)s)")
    serve.set_defaults(handler=cmd_serve)


def options_from(args: argparse.Namespace) -> ServeOptions:
    """Check the options before anything starts; a UsageError names the first problem."""
    from dateline.cli import UsageError, _existing_dir

    if args.cron is not None and args.interval is not None:
        raise UsageError("give either --cron or --interval, not both")
    if args.cron is None and args.interval is None:
        raise UsageError("give a schedule: --cron EXPR or --interval SECONDS")
    interval = None
    if args.interval is not None:
        try:
            interval = float(args.interval)
        except ValueError:
            interval = math.nan
        if not (math.isfinite(interval) and interval > 0):
            raise UsageError(f"--interval must be a number of seconds greater than 0, got {args.interval!r}")
    if not valid_timezone(args.timezone):
        raise UsageError(f"unknown time zone {args.timezone!r}: give an IANA name such as UTC or Europe/Berlin")
    if args.cron is not None and not valid_cron(args.cron):
        raise UsageError(f"--cron {args.cron!r} is not a valid cron expression (minute hour day-of-month month day-of-week)")
    if not (math.isfinite(args.settle) and args.settle >= 0):
        raise UsageError("--settle must be 0 or more seconds")
    if not args.name or any(c in _BANNED_NAME_CHARACTERS for c in args.name):
        raise UsageError(f"--name {args.name!r} must not be empty or contain any of {_BANNED_NAME_CHARACTERS}")
    inbox = _existing_dir(args.inbox).resolve()
    warehouse = args.warehouse.resolve()
    reports = args.reports.resolve()
    quarantine = args.quarantine.resolve() if args.quarantine else None
    return ServeOptions(
        cron=args.cron,
        interval=interval,
        timezone=args.timezone,
        inbox=inbox,
        warehouse=warehouse,
        reports=reports,
        quarantine=quarantine,
        settle=args.settle,
        name=args.name,
        parameters={
            "inbox": str(inbox),
            "warehouse_path": str(warehouse),
            "reports_dir": str(reports),
            "quarantine_dir": str(quarantine) if quarantine else None,
            "settle_seconds": args.settle,
        },
    )


def valid_timezone(name: str) -> bool:
    """The names Prefect's server accepts for a schedule: the IANA database (zoneinfo)."""
    from zoneinfo import available_timezones

    return name == "UTC" or (name != "localtime" and name in available_timezones())


def valid_cron(expression: str) -> bool:
    """Prefect's own check (croniter, without its random and hashed extensions)."""
    from prefect._internal.schemas.validators import validate_cron_string

    try:
        validate_cron_string(expression)
    except ValueError:
        return False
    return True


class _Stop(BaseException):
    """SIGINT or SIGTERM arrived before the runner's event loop took over the signals."""


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop(signum)


def _ignore_signals() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)


def cmd_serve(args: argparse.Namespace) -> int:
    from dateline import warehouse
    from dateline.prefect_server import LocalServer, ServerError, bypass_proxies_for_loopback
    from dateline.settings import quiet_and_offline

    options = options_from(args)
    warehouse.connect(options.warehouse).close()  # fail fast (exit 75) if another process holds it
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _raise_stop)
    server: LocalServer | None = None
    code = 1
    try:
        quiet_and_offline(options.warehouse.parent / "prefect")
        from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL, get_current_settings, temporary_settings

        api_url = get_current_settings().api.url
        if api_url:
            ui_url = PREFECT_UI_URL.value() or api_url
        else:
            home = options.warehouse.parent / SERVER_DIR
            bypass_proxies_for_loopback()
            _say(f"starting a local Prefect server (state in {home}) ...")
            server = LocalServer.start(
                home, settings={"PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": f"{options.scheduler_loop_seconds:g}"}
            )
            api_url, ui_url = server.api_url, server.url
            os.environ["PREFECT_API_URL"] = api_url  # the flow-run subprocesses inherit it
        os.environ[SERVE_PID_VARIABLE] = str(os.getpid())  # for watch_parent in the flow-run subprocesses
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            code = asyncio.run(_serve(options, api_url=api_url, ui_url=ui_url, own_server=server is not None))
    except _Stop:
        _say("stopped before it was ready")
        code = 0
    except ServerError as exc:
        print(f"dateline: cannot start a local Prefect server: {exc}", file=sys.stderr)
    except Exception as exc:  # e.g. the API refused the deployment: one line, not a traceback
        print(f"dateline: serve failed: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        _ignore_signals()  # already stopping: a second Ctrl-C must not interrupt the cleanup
        server_gone = server is not None and server.process.poll() is not None
        drained = _drain_prefect_services(timeout=1.0 if server_gone else 10.0)  # while the API still answers
        if server is not None:
            server.stop()
            _say("local Prefect server stopped")
        _end_children(grace=5.0)  # normally none: the runner has ended its runs
    if not drained:  # Prefect would wait for them forever at exit: leave without them
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _drain_prefect_services(timeout: float = 10.0) -> bool:
    """Send the logs and events Prefect still holds; False if some did not finish within ``timeout``."""
    services = sys.modules.get("prefect._internal.concurrency.services")
    if services is None:
        return True
    _, pending = services.QueueService.drain_all(timeout=timeout, at_exit=False)
    return not pending


async def _serve(options: ServeOptions, *, api_url: str, ui_url: str, own_server: bool) -> int:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.runner import Runner
    from prefect.schedules import Cron, Interval
    from prefect.types.entrypoint import EntrypointType

    from dateline.ingest import ingest

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def request_stop(signum: int) -> None:
        _STOPPING.set()
        if not stop.is_set():
            _say(f"{signal.Signals(signum).name} received: stopping ...")
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, request_stop, sig)

    async with get_client() as client:
        if (problem := await client.api_healthcheck()) is not None:
            print(f"dateline: the Prefect API at {api_url} does not answer: {problem}", file=sys.stderr)
            return 1

    schedule = (
        Cron(options.cron, timezone=options.timezone)
        if options.cron is not None
        else Interval(options.interval, timezone=options.timezone)
    )
    flow = ingest.with_options(
        on_running=[watch_parent],
        on_completion=[report_run],
        on_failure=[report_run],
        on_crashed=[report_run],
        on_cancellation=[report_run],
    )
    runner = Runner(
        name=f"dateline-{options.name}",
        pause_on_shutdown=False,  # the schedule stays active when serve stops: it survives restarts
        limit=None,  # one at a time is the deployment's concurrency limit below
        query_seconds=options.poll_seconds,
        prefetch_seconds=min(10.0, options.poll_seconds),
    )
    # Runner.start() installs this method as the SIGTERM handler: make it the same clean stop.
    runner.handle_sigterm = lambda *_: loop.call_soon_threadsafe(request_stop, signal.SIGTERM)
    deployment_id = await runner.aadd_flow(
        flow,
        name=options.name,
        schedule=schedule,
        paused=False,
        # at most one run at a time; a run due while another is active is cancelled, not queued
        # (the next one picks up whatever it missed), so slow runs never build a backlog
        concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
        parameters=options.parameters,
        description=f"dateline serve: ingest {options.inbox} into {options.warehouse}, {options.schedule_text}",
        tags=["dateline"],
        entrypoint_type=EntrypointType.MODULE_PATH,  # dateline.ingest.ingest, wherever serve was started
    )
    if own_server:
        await _crash_leftover_runs(deployment_id)
    running = asyncio.create_task(runner.start(), name="prefect-runner")
    while not runner.started and not running.done() and not stop.is_set():
        await asyncio.sleep(0.05)
    if running.done():
        return _runner_failed(running)
    if not stop.is_set():
        print(
            f"dateline serve: ready; Prefect UI {ui_url}; deployment {FLOW_NAME}/{options.name} ({deployment_id}); "
            f"schedule {options.schedule_text}; stop with Ctrl-C or SIGTERM",
            flush=True,
        )
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if running.done():
            return _runner_failed(running)
    return await _stop_runner(runner, running)


async def _stop_runner(runner, running: asyncio.Task) -> int:
    """Cancel the run in progress, stop polling and wait for the runner to finish (bounded).

    Prefect's graceful stop needs the API. If the API stops answering meanwhile (e.g. the whole
    service was signalled at once and the server went first), it would only retry it: then the
    run and the runner are ended directly.
    """
    while not runner.started and not running.done():  # a stop request while it was still starting
        await asyncio.sleep(0.05)
    if running.done():
        _say("stopped")
        return 0

    async def graceful() -> None:
        await runner.astop()
        await running

    stopping = asyncio.create_task(graceful())
    deadline = time.monotonic() + STOP_TIMEOUT
    while not stopping.done():
        await asyncio.wait({stopping}, timeout=2)
        if stopping.done():
            break
        if time.monotonic() > deadline or not await _api_answers(timeout=2):
            reason = f"did not stop within {STOP_TIMEOUT:.0f} s" if time.monotonic() > deadline else "lost the Prefect API"
            _say(f"the runner {reason}: ending the run in progress directly")
            _end_children()
            for task in (stopping, running):
                task.cancel()
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(asyncio.gather(stopping, running, return_exceptions=True), 15)
            break
    if stopping.done() and not stopping.cancelled() and (exc := stopping.exception()) is not None:
        _say(f"the runner stopped with {type(exc).__name__}: {exc}")
    _say("stopped")
    return 0


async def _api_answers(timeout: float = 5.0) -> bool:
    from prefect.client.orchestration import get_client

    try:
        async with get_client() as client:
            return await asyncio.wait_for(client.api_healthcheck(), timeout) is None
    except Exception:
        return False


async def _crash_leftover_runs(deployment_id) -> None:
    """Mark runs an earlier serve left unfinished (it was killed) as crashed, freeing their concurrency slot.

    Only for the local server, which has no runner but this one: its concurrency leases live in the
    server's memory, so after a restart nothing else would ever release the slot such a run holds,
    and every later run would be cancelled as a collision.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.states import Crashed

    unfinished = FlowRunFilterStateType(any_=[StateType.PENDING, StateType.RUNNING, StateType.CANCELLING])
    async with get_client() as client:
        runs = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
            flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=unfinished)),
            sort=FlowRunSort.EXPECTED_START_TIME_ASC,
            limit=200,
        )
        for run in runs:
            await client.set_flow_run_state(
                run.id, Crashed(message="dateline serve stopped without finishing this run"), force=True
            )
            _say(f"run {run.id}, left unfinished by an earlier serve, marked crashed")


def _runner_failed(running: asyncio.Task) -> int:
    exc = running.exception() if not running.cancelled() else None
    print(f"dateline: the Prefect runner stopped unexpectedly: {exc!r}", file=sys.stderr)
    return 1


def _end_children(grace: float = 10.0) -> None:
    """SIGTERM the flow-run subprocesses (Prefect turns it into a crash: the load rolls back), SIGKILL after ``grace``."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    deadline = time.monotonic() + grace
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()
            child.join(5)


def watch_parent(flow, flow_run, state) -> None:
    """Flow-run hook, in the run's subprocess: leave stopping the run to `dateline serve`, and end it if serve dies.

    A terminal's Ctrl-C reaches the whole foreground process group, run included: the run ignores
    it, and serve, which gets it too, cancels the run cleanly. Killed outright, serve cannot cancel
    its run, which would go on holding the warehouse with nobody to report to: a thread notices the
    lost parent and sends the run SIGTERM, which Prefect turns into a crash (the load rolls back and
    the warehouse is closed); the process exits 5 s later at most.
    """
    parent = os.environ.get(SERVE_PID_VARIABLE)
    if not parent or os.getppid() != int(parent):
        return
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_when_orphaned, args=(int(parent),), name="dateline-watch-parent", daemon=True).start()


def _end_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)  # enough to roll back and close the warehouse; Prefect would go on retrying a dead API
    os._exit(1)


def report_run(flow, flow_run, state) -> None:
    """Flow-run hook: one line per finished run on serve's stdout (the run's summary, or why it ended)."""
    if flow_run.id in _REPORTED:
        return
    _REPORTED.add(flow_run.id)
    print(run_line(flow_run, state), flush=True)


def run_line(flow_run, state) -> str:
    from dateline.reports import COUNT_FIELDS

    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    slot = flow_run.expected_start_time
    head = f"{stamp} run {flow_run.id}" + (f" (slot {slot.astimezone(UTC):%Y-%m-%d %H:%M:%SZ})" if slot else "")
    result: Any = None
    if state.is_completed() or state.is_failed():
        try:
            result = state.result(raise_on_failure=False)
        except Exception as exc:  # the result could not be read back: report the state instead
            result = exc
    if hasattr(result, "files_seen"):  # a RunSummary
        counts = ", ".join(f"{getattr(result, attr)} {label}" for label, attr in COUNT_FIELDS)
        line = f"{head} {result.status}: {counts}"
        return f"{line}; error: {result.error}" if result.error else line
    if _STOPPING.is_set() and (state.is_crashed() or state.is_cancelling() or state.is_cancelled()):
        return f"{head} stopped with dateline serve: the next run picks up its files"
    reason = f"{type(result).__name__}: {result}" if isinstance(result, BaseException) else (state.message or "")
    outcome = "cancelled" if state.is_cancelling() else state.name.lower()
    return f"{head} {outcome}" + (f": {reason}" if reason else "")


def _say(message: str) -> None:
    print(f"dateline serve: {message}", file=sys.stderr, flush=True)
