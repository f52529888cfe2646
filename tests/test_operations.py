"""Operations under stress, with real processes: a second writer and an analyst's query during a
load, and a run killed with SIGKILL in the middle of its load."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from checksums import warehouse_checksums
from conftest import SEEDS, write_file
from dateline.cli import main

DATELINE = Path(sys.executable).parent / "dateline"
LOADED_LINE = re.compile(r"loaded (\d+) article versions")


class Streamed:
    """A `dateline` subprocess whose stderr lines are read as they come."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PREFECT_LOGGING_LEVEL": "INFO"}
        self.proc = subprocess.Popen(
            [str(DATELINE), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line)

    def wait_for(self, pattern: re.Pattern, timeout: float = 120) -> re.Match:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern.pattern!r}; stderr so far:\n{''.join(self.seen)}") from None
            self.seen.append(line)
            if match := pattern.search(line):
                return match

    def kill_all(self) -> None:
        """SIGKILL whatever is left of its process group (Prefect's temporary server)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)


def dateline(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(DATELINE), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def inbox_with_seeds(tmp_path) -> Path:
    inbox = tmp_path / "inbox"
    for path in sorted(SEEDS.glob("*.txt")):
        write_file(inbox, path.name, path.read_bytes())
    write_file(inbox, "099_ffffffffffffffff.txt", "no date line here")  # one quarantined file, too
    return inbox


def test_a_second_writer_and_a_query_during_a_load(prefect_server, tmp_path) -> None:
    inbox = tmp_path / "inbox"
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[:3]:
        write_file(inbox, path.name, path.read_bytes())
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    common = ["--warehouse", str(warehouse), "--reports", str(tmp_path / "reports")]
    assert main(["run", "--inbox", str(inbox), *common]) == 0  # publishes 3 articles
    for path in seeds[3:]:
        write_file(inbox, path.name, path.read_bytes())
    count = ["sql", "--warehouse", str(warehouse), "--format", "csv", "select count(*) as n from articles"]

    loading = Streamed("run", "--inbox", str(inbox), *common)
    try:
        assert loading.wait_for(LOADED_LINE).group(1) == "25"
        os.kill(loading.proc.pid, signal.SIGSTOP)  # hold it inside its load transaction
        run_id = _lock_run_id(warehouse)

        # an analyst's query succeeds and sees the last published state
        query = dateline(*count)
        assert (query.returncode, query.stdout, query.stderr) == (0, "n\n3\n", "")
        # reading the warehouse itself is refused while it is being written
        live = dateline(*count[:1], "--live", *count[1:])
        assert live.returncode == 75
        assert live.stderr == f"dateline: warehouse {warehouse} is in use by process {loading.proc.pid}; try again when it has finished\n"
        # a second run waits, then gives up naming the writer
        second = dateline("run", "--inbox", str(inbox), *common, "--wait", "2")
        assert (second.returncode, second.stdout) == (75, "")
        assert re.fullmatch(
            rf"dateline: warehouse {re.escape(str(warehouse))} is being written by run {run_id} "
            rf"\(PID {loading.proc.pid}\) since \S+; gave up after 2 s\n",
            second.stderr,
        ), second.stderr

        os.kill(loading.proc.pid, signal.SIGCONT)
        out, _ = loading.proc.communicate(timeout=120)
        assert loading.proc.returncode == 0, out
        assert f"Run {run_id} succeeded" in out
    finally:
        loading.kill_all()
    # the load finished, published, and the warehouse is consistent: one run per attempt that ran
    assert dateline(*count).stdout == "n\n28\n"
    runs = dateline("sql", "--warehouse", str(warehouse), "--format", "csv", "select status, files_loaded from runs order by started_at")
    assert runs.stdout == "status,files_loaded\nsucceeded,3\nsucceeded,25\n"


def _lock_run_id(warehouse: Path) -> str:
    import json

    from dateline.lock import holder_path

    return json.loads(holder_path(warehouse).read_text(encoding="utf-8"))["run_id"]


def test_a_run_killed_mid_load_leaves_nothing_and_the_next_run_completes_it(prefect_server, tmp_path, inbox_with_seeds) -> None:
    warehouse = tmp_path / "killed" / "warehouse.duckdb"
    common = ["--inbox", str(inbox_with_seeds), "--warehouse", str(warehouse), "--reports", str(tmp_path / "killed" / "reports")]
    doomed = Streamed("run", *common)
    try:
        assert doomed.wait_for(LOADED_LINE).group(1) == "28"
        os.kill(doomed.proc.pid, signal.SIGKILL)  # kill -9 inside the load transaction
        assert doomed.proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        doomed.kill_all()

    # nothing of the killed run is in the warehouse but its run row, still 'running'
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select status from run").fetchall() == [("running",)]
        assert con.execute("select count(*) from dim_article").fetchone() == (0,)
        assert con.execute("select count(*) from file_state").fetchone() == (0,)
    finally:
        con.close()
    assert not warehouse.with_name("warehouse.snapshot.duckdb").exists()

    # the next run takes over the stale lock, marks the killed run abandoned and does the work
    assert main(["run", *common, "--wait", "0"]) == 0
    clean = tmp_path / "clean" / "warehouse.duckdb"
    assert main(["run", "--inbox", str(inbox_with_seeds), "--warehouse", str(clean), "--reports", str(tmp_path / "clean" / "reports")]) == 0

    recovered = warehouse_checksums(warehouse)
    assert recovered == warehouse_checksums(clean)
    assert recovered["dim_article"][0] == 28 and recovered["quarantine"][0] == 1
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select status, error from run order by started_at").fetchall() == [
            ("abandoned", "the run stopped before it finished (killed or crashed)"),
            ("succeeded", None),
        ]
    finally:
        con.close()
    shutil.rmtree(tmp_path / "clean")
