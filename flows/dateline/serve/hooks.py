"""What runs inside each scheduled flow run: a line per finished run on serve's stdout, and the
end of a run whose `dateline serve` died."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import UTC, datetime
from typing import Any

SERVE_PID_VARIABLE = "DATELINE_SERVE_PID"
STOPPING = threading.Event()  # set when serve is asked to stop: the runs it ends then were stopped with it
_REPORTED: set = set()  # runs already reported by this process (a stopped run is both crashed and cancelled)


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
    from dateline.summary import COUNT_FIELDS

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
    if STOPPING.is_set() and (state.is_crashed() or state.is_cancelling() or state.is_cancelled()):
        return f"{head} stopped with dateline serve: the next run picks up its files"
    reason = f"{type(result).__name__}: {result}" if isinstance(result, BaseException) else (state.message or "")
    outcome = "cancelled" if state.is_cancelling() else state.name.lower()
    return f"{head} {outcome}" + (f": {reason}" if reason else "")
