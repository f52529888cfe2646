"""Which Prefect API a run started by `dateline` talks to, and the server Dateline starts for it.

Prefect runs flows only against an API. Left to itself, a flow called with no ``PREFECT_API_URL``
starts a temporary API server (``SubprocessASGIServer``): a uvicorn child in the caller's process
group, stopped only by an ``atexit`` hook, that must answer within
``PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS`` (20 s). So a terminal's Ctrl-C kills it under
the run's feet, a killed run leaves it running forever, and a busy machine misses the limit with a
traceback. Dateline therefore never lets Prefect start that server. Before a run imports Prefect it
sets ``PREFECT_API_URL`` to, in this order:

1. the server the user configured (``PREFECT_API_URL``, or the settings of a Prefect test harness);
2. the server of a `dateline serve` running for the same warehouse, found through the state file
   it keeps in ``<warehouse dir>/prefect-server/server.json``;
3. a server of its own: Prefect's API application alone (as the temporary server runs it), started
   through ``dateline.prefect_server`` in a session of its own (a terminal's Ctrl-C never reaches
   it) that the kernel ends when the run's process dies, even by SIGKILL (``PR_SET_PDEATHSIG``),
   given ``DATELINE_PREFECT_START_TIMEOUT`` seconds (default 120) to answer, and stopped with the run.

A server that does not answer is a ``PrefectUnavailable`` error: one line for the user, never a
traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dateline.lock import process_alive
from dateline.prefect_server import LocalServer, ServerError, bypass_proxies_for_loopback, healthy

START_TIMEOUT_VARIABLE = "DATELINE_PREFECT_START_TIMEOUT"
DEFAULT_START_TIMEOUT = 120.0
SERVE_STATE = "server.json"


class PrefectUnavailable(RuntimeError):
    """No Prefect API for the run: the configured one does not answer, or ours did not start."""


def start_timeout() -> float:
    text = os.environ.get(START_TIMEOUT_VARIABLE)
    if not text:
        return DEFAULT_START_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        raise PrefectUnavailable(f"${START_TIMEOUT_VARIABLE} must be a number of seconds, got {text!r}") from None
    if not value > 0:
        raise PrefectUnavailable(f"${START_TIMEOUT_VARIABLE} must be more than 0 seconds, got {text!r}")
    return value


def configured_api() -> str | None:
    """The API the user chose: $PREFECT_API_URL, or a Prefect test harness's temporary setting."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if "prefect.settings" in sys.modules:  # a harness already set one in this process; do not import Prefect for it
        return sys.modules["prefect.settings"].get_current_settings().api.url or None
    return None


def serve_state(warehouse: Path) -> Path:
    return warehouse.resolve().parent / "prefect-server" / SERVE_STATE


def write_serve_state(warehouse: Path, api_url: str) -> Path:
    """Tell runs of this warehouse which API `dateline serve` (this process) runs on."""
    path = serve_state(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"api_url": api_url, "pid": os.getpid()}), encoding="utf-8")
    os.replace(tmp, path)
    return path


def serving_api(warehouse: Path) -> str | None:
    """The API of a live `dateline serve` of this warehouse that answers, if there is one."""
    try:
        state = json.loads(serve_state(warehouse).read_text(encoding="utf-8"))
        api_url, pid = state["api_url"], state["pid"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(api_url, str) or not process_alive(pid):
        return None
    return api_url if healthy(api_url.removesuffix("/api")) else None


@contextmanager
def prefect_api(warehouse: Path, *, prefect_home: Path, while_starting: Callable[[], object] = lambda: None) -> Iterator[str]:
    """The API a run of ``warehouse`` uses, in $PREFECT_API_URL for the block (see the module).
    ``while_starting`` (importing the flow) runs while a server of our own boots, else first."""
    bypass_proxies_for_loopback()
    chosen = configured_api() or serving_api(warehouse)
    if chosen is not None:
        while_starting()
        if not healthy(chosen.rstrip("/").removesuffix("/api"), timeout=10):
            raise PrefectUnavailable(f"the Prefect API at {chosen} does not answer")
        with _api_url(chosen):
            yield chosen
        return
    try:
        server = LocalServer.start(
            prefect_home / "server", timeout=start_timeout(), api_only=True, attempts=2, while_starting=while_starting
        )
    except ServerError as exc:
        raise PrefectUnavailable(f"Prefect's API server did not start: {exc}") from None
    try:
        with _api_url(server.api_url):
            yield server.api_url
    finally:
        server.stop()


@contextmanager
def _api_url(url: str) -> Iterator[None]:
    """$PREFECT_API_URL for the block; where Prefect is already imported (its settings were read
    then), its current settings too."""
    before = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = url
    try:
        if "prefect.settings" in sys.modules:
            from prefect.settings import PREFECT_API_URL, temporary_settings

            with temporary_settings(updates={PREFECT_API_URL: url}):
                yield
        else:
            yield
    finally:
        if before is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = before


def drain_prefect_services(timeout: float = 10.0) -> bool:
    """Send the logs and events Prefect still holds; False if some did not finish within ``timeout``.
    (Stopping the API first would leave Prefect retrying it for minutes, printing tracebacks.)"""
    services = sys.modules.get("prefect._internal.concurrency.services")
    if services is None:
        return True
    _, pending = services.QueueService.drain_all(timeout=timeout, at_exit=False)
    return not pending


class _DropInterruptions:
    """Prefect reports an interrupted run as a crash, in two ERROR lines per task and flow; Dateline
    says it in one line of its own."""

    def filter(self, record) -> bool:
        message = record.getMessage()
        if "Interrupted: interrupted by SIG" in message or "aborted by a termination signal" in message:
            return False
        from dateline import interrupt

        # DuckDB's own "Query interrupted", when the signal arrived during a query
        return not ("Query interrupted" in message and interrupt.received() is not None)


def quiet_interruptions() -> None:
    """Drop Prefect's crash lines for an interruption from every handler Prefect's logging set up."""
    import logging

    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in list(logging.root.manager.loggerDict) if n.startswith("prefect"))]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if not any(isinstance(f, _DropInterruptions) for f in handler.filters):
                handler.addFilter(_DropInterruptions())
