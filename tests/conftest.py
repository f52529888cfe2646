"""Fixtures: temporary inboxes and warehouses, one Prefect test server per session."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

for key, value in {
    "PREFECT_HOME": tempfile.mkdtemp(prefix="dateline-test-prefect-"),
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",  # `dateline run` subprocesses on a busy 2-core machine
}.items():
    os.environ.setdefault(key, value)

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
EXAMPLES = SHARED / "examples"
REUTERS = SHARED / "corpora" / "reuters21578" / "articles"
SEEDS = PROJECT / "seeds" / "articles"


def write_file(folder: Path, name: str, content: str | bytes, *, age_seconds: float = 3600) -> Path:
    """Write a file into an inbox, dated ``age_seconds`` ago so it counts as settled."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    stamp = time.time() - age_seconds
    os.utime(path, (stamp, stamp))
    return path


def article(day: str, *paragraphs: str) -> str:
    return f" date {day} " + "\n\n".join(paragraphs)


@pytest.fixture(scope="session")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture
def workspace(tmp_path: Path) -> dict[str, Path]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return {
        "inbox": inbox,
        "warehouse": tmp_path / "data" / "warehouse.duckdb",
        "reports": tmp_path / "data" / "reports",
        "quarantine": tmp_path / "data" / "quarantine",
    }


def needs(path: Path):
    return pytest.mark.skipif(not path.is_dir(), reason=f"{path} is absent")


@pytest.fixture(scope="session")
def seeded(prefect_server, tmp_path_factory) -> Path:
    """A warehouse built from seeds/articles, shared by the tests that only read it."""
    from dateline.ingest import ingest

    root = tmp_path_factory.mktemp("seeded")
    warehouse = root / "warehouse.duckdb"
    ingest(inbox=str(SEEDS), warehouse_path=str(warehouse), reports_dir=str(root / "reports"), settle_seconds=0)
    return warehouse


@pytest.fixture
def webhook():
    """A loopback HTTP server that records every JSON message POSTed to it: (url, received)."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"path": self.path, "type": self.headers["Content-Type"], "json": json.loads(body)})
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/dateline", received
    server.shutdown()
    server.server_close()


_HOLDER = """
import sys, time
from pathlib import Path
from dateline.lock import WriterLock, read_holder
lock = WriterLock(Path(sys.argv[1]))
lock.acquire(wait_seconds=0, command="run")
lock._write({**read_holder(lock.warehouse), "run_id": sys.argv[2] or None, "since": "2026-11-23T10:00:00+00:00"})
print("held", flush=True)
time.sleep(120)
"""


def hold_writer_lock(warehouse: Path, run_id: str | None):
    """A process that holds the writer lock of ``warehouse`` (as run ``run_id``) until it is killed."""
    import subprocess
    import sys

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(warehouse), run_id or ""], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    return holder
