"""A private Prefect server for `dateline serve`: loopback only, its own home, stopped with its process group.

Prefect schedules flow runs only through a real server (its temporary in-process server refuses),
so when no ``PREFECT_API_URL`` is configured `dateline serve` starts ``prefect server start`` here:

- on 127.0.0.1 and a free port, with ``PREFECT_HOME`` set to the folder it is given (its SQLite
  database, and so the deployment and its schedule, persist there across restarts);
- in a new session, so that it is a process group of its own that `stop()` can end as a whole;
- through ``python -m dateline.prefect_server PARENT_PID prefect ARGS...``, which asks Linux to send
  it SIGTERM if its parent dies (even by SIGKILL), so a server is never left behind;
- with its output in ``<home>/server.log``, whose last lines explain a failed start.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from dateline.settings import OFFLINE_ENVIRONMENT

HOST = "127.0.0.1"
LOG_NAME = "server.log"
START_TIMEOUT = 120.0
STOP_TIMEOUT = 15.0

# Settings the server always gets: analytics off, bound to loopback by the command line.
SERVER_ENVIRONMENT = {
    **OFFLINE_ENVIRONMENT,
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}

# What Prefect's own temporary server sets: the API alone, without the UI or background services.
API_ONLY_ENVIRONMENT = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}

_PR_SET_PDEATHSIG = 1
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception)\b.*")  # a traceback's last line


class ServerError(RuntimeError):
    """The local Prefect server did not start."""


def free_port(host: str = HOST) -> int:
    """A TCP port nothing listens on right now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy


def healthy(url: str, timeout: float = 2.0) -> bool:
    """True when ``GET <url>/api/health`` answers 200."""
    try:
        with _DIRECT.open(f"{url}/api/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


@dataclass
class LocalServer:
    process: subprocess.Popen
    port: int
    home: Path
    host: str = HOST

    @property
    def url(self) -> str:
        """The server's root: the UI."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The value for PREFECT_API_URL."""
        return f"{self.url}/api"

    @property
    def log_path(self) -> Path:
        return self.home / LOG_NAME

    @classmethod
    def start(
        cls,
        home: Path,
        *,
        settings: Mapping[str, str] | None = None,
        timeout: float = START_TIMEOUT,
        attempts: int = 3,
        api_only: bool = False,
        while_starting: Callable[[], object] | None = None,
    ) -> LocalServer:
        """Start ``prefect server start`` on loopback and wait until ``/api/health`` answers.

        With ``api_only``, start only Prefect's API application (no UI, no background services),
        as Prefect's own temporary server does, for the duration of one run.

        ``settings`` are extra environment defaults for the server (a variable already set in the
        environment wins, so an operator can override them). Raises ServerError with the end of the
        server's log when it exits or does not become healthy within ``timeout`` seconds.
        ``while_starting`` is called once, while the server boots (e.g. to import the flow meanwhile).
        """
        home = home.resolve()
        home.mkdir(parents=True, exist_ok=True)
        env = {**(settings or {}), **os.environ, **SERVER_ENVIRONMENT, "PREFECT_HOME": str(home)}
        for key in ("PREFECT_API_URL", "PREFECT_API_KEY", "PREFECT_PROFILES_PATH"):
            env.pop(key, None)
        error = "the server did not start"
        if api_only:
            env.update(API_ONLY_ENVIRONMENT)
        for _ in range(attempts):
            server = cls._spawn(home, env, api_only=api_only)
            try:
                if while_starting is not None:
                    while_starting()
                    while_starting = None
                server._wait_healthy(timeout)
                return server
            except ServerError as exc:
                error = str(exc)
                server.stop()
                if "already in use" not in server.log_tail():  # another process took the port: try another
                    break
            except BaseException:  # interrupted while waiting: leave nothing behind
                server.stop()
                raise
        raise ServerError(error)

    @classmethod
    def _spawn(cls, home: Path, env: dict[str, str], *, api_only: bool = False) -> LocalServer:
        port = free_port()
        # the command line binds the server; these also tell the UI where its API is (else :4200)
        env = {**env, "PREFECT_SERVER_API_HOST": HOST, "PREFECT_SERVER_API_PORT": str(port)}
        command = ["api", str(port)] if api_only else ["server", "start", "--host", HOST, "--port", str(port)]
        with open(home / LOG_NAME, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "dateline.prefect_server", str(os.getpid()), *command],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=home,
                start_new_session=True,  # its own process group: stop() ends it and anything it started
            )
        return cls(process=process, port=port, home=home)

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"the Prefect server exited with code {self.process.returncode} while starting{self._log_hint()}")
            if healthy(self.url):
                return
            time.sleep(0.25)
        raise ServerError(f"the Prefect server did not answer {self.url}/api/health within {timeout:.0f} s{self._log_hint()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])

    def _log_hint(self) -> str:
        """The line of the server's log that says what went wrong (an exception's last line if any)."""
        lines = [line.strip() for line in self.log_tail().splitlines() if line.strip()]
        cause = next((line for line in reversed(lines) if _EXCEPTION_LINE.match(line)), None)
        cause = cause or next((line for line in reversed(lines) if line != "Server stopped!"), "")
        return f" ({cause}; see {self.log_path})" if cause else f" (see {self.log_path})"

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """SIGTERM the server's whole process group, SIGKILL it after ``timeout`` seconds; its exit code."""
        pgid = self.process.pid  # start_new_session: the group id is the leader's pid
        _signal_group(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            _signal_group(pgid, signal.SIGKILL)
            self.process.wait()
        # the leader is gone; end any process it started that outlived it
        deadline = time.monotonic() + timeout
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        _signal_group(pgid, signal.SIGKILL)
        return self.process.returncode

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def bypass_proxies_for_loopback() -> None:
    """Make HTTP clients of this process and its children (httpx, urllib) reach 127.0.0.1 directly."""
    current = os.environ.get("NO_PROXY") or os.environ.get("no_proxy") or ""
    hosts = [host for host in current.split(",") if host.strip()]
    for host in (HOST, "localhost"):
        if host not in hosts:
            hosts.append(host)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = ",".join(hosts)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGTERM this process when the process that started it dies (no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        sys.exit(1)


def main(argv: list[str]) -> None:
    """``python -m dateline.prefect_server PARENT_PID ARGS...``: run ``prefect ARGS...``, dying with
    PARENT_PID; ``PARENT_PID api PORT`` runs Prefect's API application alone on loopback."""
    _die_with_parent(int(argv[0]))
    if argv[1] == "api":
        import uvicorn

        uvicorn.run(
            "prefect.server.api.server:create_app", factory=True, host=HOST, port=int(argv[2]), log_level="error", lifespan="on"
        )
        return
    sys.argv = ["prefect", *argv[1:]]
    from prefect.cli import app

    sys.exit(app())


if __name__ == "__main__":
    main(sys.argv[1:])
