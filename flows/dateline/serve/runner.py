"""Start the server, register the deployment, run the Prefect runner until SIGINT or SIGTERM,
then stop everything in order."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import sys
import time

from dateline.prefect_runtime import drain_prefect_services, write_serve_state
from dateline.serve import say
from dateline.serve.hooks import SERVE_PID_VARIABLE, STOPPING, report_run, watch_parent
from dateline.serve.options import FLOW_NAME, SERVER_DIR, ServeOptions

STOP_TIMEOUT = 60.0  # seconds to cancel a run in progress and shut the runner down


class _Stop(BaseException):
    """SIGINT or SIGTERM arrived before the runner's event loop took over the signals."""


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop(signum)


def _ignore_signals() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)


def serve(options: ServeOptions) -> int:
    from dateline import warehouse
    from dateline.prefect_server import LocalServer, ServerError, bypass_proxies_for_loopback

    warehouse.connect(options.warehouse).close()  # fail fast (exit 75) if another process holds it
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _raise_stop)
    server: LocalServer | None = None
    state_file = None
    code = 1
    try:
        os.environ.setdefault("PREFECT_HOME", str((options.warehouse.parent / "prefect").resolve()))
        from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL, get_current_settings, temporary_settings

        api_url = get_current_settings().api.url
        if api_url:
            ui_url = PREFECT_UI_URL.value() or api_url
        else:
            home = options.warehouse.parent / SERVER_DIR
            bypass_proxies_for_loopback()
            say(f"starting a local Prefect server (state in {home}) ...")
            server = LocalServer.start(
                home, settings={"PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": f"{options.scheduler_loop_seconds:g}"}
            )
            api_url, ui_url = server.api_url, server.url
            os.environ["PREFECT_API_URL"] = api_url  # the flow-run subprocesses inherit it
        os.environ[SERVE_PID_VARIABLE] = str(os.getpid())  # for watch_parent in the flow-run subprocesses
        state_file = write_serve_state(options.warehouse, api_url)  # `dateline run` of this warehouse uses it too
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            code = asyncio.run(_serve(options, api_url=api_url, ui_url=ui_url, own_server=server is not None))
    except _Stop:
        say("stopped before it was ready")
        code = 0
    except ServerError as exc:
        print(f"dateline: cannot start a local Prefect server: {exc}", file=sys.stderr)
    except Exception as exc:  # e.g. the API refused the deployment: one line, not a traceback
        print(f"dateline: serve failed: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        _ignore_signals()  # already stopping: a second Ctrl-C must not interrupt the cleanup
        if state_file is not None:
            state_file.unlink(missing_ok=True)
        server_gone = server is not None and server.process.poll() is not None
        drained = drain_prefect_services(timeout=1.0 if server_gone else 10.0)  # while the API still answers
        if server is not None:
            server.stop()
            say("local Prefect server stopped")
        _end_children(grace=5.0)  # normally none: the runner has ended its runs
    if not drained:  # Prefect would wait for them forever at exit: leave without them
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


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
        STOPPING.set()
        if not stop.is_set():
            say(f"{signal.Signals(signum).name} received: stopping ...")
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
        say("stopped")
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
            say(f"the runner {reason}: ending the run in progress directly")
            _end_children()
            for task in (stopping, running):
                task.cancel()
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(asyncio.gather(stopping, running, return_exceptions=True), 15)
            break
    if stopping.done() and not stopping.cancelled() and (exc := stopping.exception()) is not None:
        say(f"the runner stopped with {type(exc).__name__}: {exc}")
    say("stopped")
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
            say(f"run {run.id}, left unfinished by an earlier serve, marked crashed")


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
