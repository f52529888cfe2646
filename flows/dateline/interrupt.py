"""SIGINT and SIGTERM during a run: stop cleanly before the commit, finish the bookkeeping after it.

Before the load commits, a signal raises ``Interrupted`` in the main thread: the load transaction
rolls back, the run is recorded as `interrupted`, the lock is released and every process the run
started is stopped. From the moment the commit starts, the data is the run's outcome: a signal is
only noted (``pending()``), the run finishes its bookkeeping (run row, reports, snapshot) and the
command exits 130 or 143 afterwards."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """A SIGINT or SIGTERM arrived; a BaseException so that no ``except Exception`` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


_state: dict = {"deferred": False, "pending": None, "outcome": None, "received": None, "active": False}


def _handler(signum: int, frame: object) -> None:
    if _state["deferred"]:
        _state["pending"] = signum
        return
    _state["received"] = signum  # raised inside a C callback (DuckDB reading a DataFrame), it comes back as its error
    raise Interrupted(signum)


def received() -> int | None:
    """A signal that was turned into ``Interrupted``, whatever exception it surfaced as."""
    return _state["received"]


@contextmanager
def handled() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into ``Interrupted`` for the block (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {sig: signal.getsignal(sig) for sig in SIGNALS}
    _state.update(deferred=False, pending=None, outcome=None, received=None)
    for sig in SIGNALS:
        signal.signal(sig, _handler)
    _state["active"] = True
    try:
        yield
    finally:
        _state["active"] = False
        for sig, handler in before.items():
            signal.signal(sig, handler)


def take_over() -> None:
    """Inside a flow that `dateline` runs in its own process: this handler again, in place of the
    SIGTERM bridge Prefect's flow engine installs (which would not let the run record what
    happened; DuckDB turns a signal during a query into its own error). Flows that Prefect runs
    elsewhere (a worker, `dateline serve`) keep Prefect's own handling."""
    if _state["active"] and threading.current_thread() is threading.main_thread():
        for sig in SIGNALS:
            signal.signal(sig, _handler)


def reset() -> None:
    """Forget a signal noted by an earlier command in this process."""
    _state.update(deferred=False, pending=None, outcome=None, received=None)


def outcome(text: str | None = None) -> str:
    """What an interrupted run kept (set by the run, said by the command)."""
    if text is not None:
        _state["outcome"] = text
    return _state["outcome"] or "nothing from this run was loaded"


def defer() -> None:
    """From now on a signal is only noted: the run's data is committing. (Prefect's flow engine
    puts its own SIGTERM handler in place while a flow runs; this one takes over again.)"""
    _state["deferred"] = True
    if threading.current_thread() is threading.main_thread():
        for sig in SIGNALS:
            signal.signal(sig, _handler)


def signal_of(exc: BaseException) -> int | None:
    """The signal behind an interruption: ours, or Prefect's ``TerminationSignal`` for SIGTERM."""
    if isinstance(exc, Interrupted):
        return exc.signum
    termination = sys.modules.get("prefect.exceptions")
    if termination is not None and isinstance(exc, termination.TerminationSignal):
        return exc.signal
    return None


def check() -> None:
    """Raise again a signal whose ``Interrupted`` a library swallowed: raised inside a callback
    whose exceptions Python only prints (Dask's garbage-collector callback runs in the run's
    process), it would otherwise be lost and the run go on. Called where a stage starts; does
    nothing once the commit has begun, or outside a command's run."""
    signum = _state["received"]
    if signum is not None and _state["active"] and not _state["deferred"] and threading.current_thread() is threading.main_thread():
        raise Interrupted(signum)


def pending() -> int | None:
    """The signal that arrived after the commit began, if any."""
    return _state["pending"]
