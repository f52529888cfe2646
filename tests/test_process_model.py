"""How `dateline run` lives with Prefect and with signals, as real processes: Ctrl-C and SIGTERM,
kill -9 at any moment, a Prefect API that does not answer, a run with nothing new, and a run beside
`dateline serve`. Nothing here depends on timing that a busy machine can break: each step waits for
a line the run prints, with generous limits."""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from checksums import warehouse_checksums
from conftest import write_file

VENV_BIN = Path(sys.executable).parent
WORDS = (
    "the minister said talks with officials in Phnom Penh and Bangkok would continue next week as trade and "
    "defence ties grow between Cambodia Japan Thailand Vietnam China and the United States amid security concerns"
).split()
PREFECT_INFO = re.compile(r"^\d\d:\d\d:\d\d\.\d+ \| INFO ")


def generate(inbox: Path, count: int, *, seed: int = 7) -> None:
    """``count`` articles of random text, settled (an hour old)."""
    rng = random.Random(seed)
    for i in range(count):
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 80))).capitalize() + "." for _ in range(4)]
        text = f" date 2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)} " + "\n\n".join(paragraphs) + "\n"
        write_file(inbox, f"{i:05d}_{hashlib.sha256(text.encode()).hexdigest()[:16]}.txt", text)


class Run:
    """A `dateline run` subprocess whose stdout and stderr go to files."""

    def __init__(
        self, tmp: Path, inbox: Path, warehouse: Path, *, env: dict[str, str] | None = None, name: str = "run", extra: tuple[str, ...] = ()
    ) -> None:
        self.out, self.err = tmp / f"{name}.out", tmp / f"{name}.err"
        full_env = {**os.environ, "PREFECT_LOGGING_LEVEL": "INFO", **(env or {})}
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.proc = subprocess.Popen(
                [str(VENV_BIN / "dateline"), "run", "--inbox", str(inbox), "--warehouse", str(warehouse), "--settle", "0", "--wait", "120", *extra],
                stdout=out, stderr=err, env=full_env,
            )

    def wait_for(self, pattern: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.err.read_text(errors="replace")):
                return
            if self.proc.poll() is not None:
                pytest.fail(f"the run exited {self.proc.returncode} before {pattern!r}:\n{self.err.read_text()[-3000:]}")
            time.sleep(0.05)
        pytest.fail(f"no {pattern!r} within {timeout} s:\n{self.err.read_text()[-3000:]}")

    def finish(self, timeout: float = 600) -> int:
        return self.proc.wait(timeout)

    def stderr_lines(self) -> list[str]:
        """What the run said on stderr besides Prefect's progress lines."""
        return [line for line in self.err.read_text().splitlines() if not PREFECT_INFO.match(line)]


def started_by(pid: int) -> list[str]:
    """Command lines of live processes that the run ``pid`` started (its Prefect API server)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if f"dateline.prefect_server {pid} " in cmdline:
                found.append(f"{entry.name}: {cmdline}")
    return found


def no_process_left(pid: int, within: float = 10.0) -> list[str]:
    deadline = time.monotonic() + within
    while (left := started_by(pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def runs(warehouse: Path) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("select status, error from run order by started_at").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    inbox = tmp_path_factory.mktemp("corpus") / "inbox"
    generate(inbox, 3000)
    return inbox


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> dict:
    """Checksums of a warehouse built by one uninterrupted run over the corpus."""
    tmp = tmp_path_factory.mktemp("clean")
    run = Run(tmp, corpus, tmp / "warehouse.duckdb")
    assert run.finish() == 0, run.err.read_text()[-3000:]
    return warehouse_checksums(tmp / "warehouse.duckdb")


@pytest.mark.parametrize(
    ("signum", "moment", "code"),
    [
        (signal.SIGINT, r"Task run 'parse-\w+' - \d+ parsed", 130),  # extract is next
        (signal.SIGTERM, r"loaded \d+ article versions", 143),  # inside the load transaction
        (signal.SIGTERM, r"running the post-load suites on the loaded rows", 143),  # DuckDB: "Query interrupted"
    ],
    ids=["sigint-in-extract", "sigterm-in-load", "sigterm-in-checks"],
)
def test_a_signal_before_the_commit_rolls_back_records_interrupted_and_exits(tmp_path, corpus, clean, signum, moment, code) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    run = Run(tmp_path, corpus, warehouse)
    run.wait_for(moment)
    run.proc.send_signal(signum)
    assert run.finish() == code
    name = signal.Signals(signum).name
    assert run.stderr_lines() == [f"dateline: interrupted by {name}; nothing from this run was loaded"]
    assert "Traceback" not in run.err.read_text()
    assert runs(warehouse) == [("interrupted", f"interrupted by {name}; nothing from this run was loaded")]
    assert no_process_left(run.proc.pid) == []
    again = Run(tmp_path, corpus, warehouse, name="again")
    assert again.finish() == 0, again.err.read_text()[-3000:]
    assert warehouse_checksums(warehouse) == clean


CHUNKS = ("--chunk-files", "2000")  # two chunks of the 3000 files: a kill after the first leaves work for the next run


def test_kill_9_at_five_moments_leaves_no_process_and_the_next_run_completes(tmp_path, corpus, clean) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    moments = [
        None,  # while Prefect's API server starts
        r"listing the inbox",  # the flow's first stage starts
        r"Task run 'parse-\w+' - \d+ parsed",
        r"loaded \d+ article versions",
        r"post-load suites: \d+ run",
    ]
    for n, moment in enumerate(moments):
        run = Run(tmp_path, corpus, warehouse, name=f"kill{n}", extra=CHUNKS)
        if moment is None:
            deadline = time.monotonic() + 120
            while not started_by(run.proc.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert started_by(run.proc.pid), "the run started no API server"
        else:
            run.wait_for(moment)
        run.proc.kill()
        run.finish()
        assert no_process_left(run.proc.pid) == [], f"after kill -9 at {moment or 'server start-up'}"
    final = Run(tmp_path, corpus, warehouse, name="final", extra=CHUNKS)
    assert final.finish() == 0, final.err.read_text()[-3000:]
    assert warehouse_checksums(warehouse) == clean
    assert [status for status, _ in runs(warehouse)][-1] == "succeeded"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("broken", ["start-limit", "closed-api"])
def test_no_prefect_api_is_one_line_exit_1_and_a_failed_run(tmp_path, broken) -> None:
    inbox = tmp_path / "inbox"
    generate(inbox, 3)
    warehouse = tmp_path / "warehouse.duckdb"
    port = _closed_port()
    env = {"DATELINE_PREFECT_START_TIMEOUT": "0.001"} if broken == "start-limit" else {"PREFECT_API_URL": f"http://127.0.0.1:{port}/api"}
    run = Run(tmp_path, inbox, warehouse, env=env)
    assert run.finish() == 1
    (line,) = run.stderr_lines()
    if broken == "start-limit":
        assert line.startswith(
            "dateline: the run could not start: Prefect's API server did not start: the Prefect server did not answer "
            "http://127.0.0.1:"
        ), line
        assert "/api/health within 0 s" in line
    else:
        assert line == f"dateline: the run could not start: the Prefect API at http://127.0.0.1:{port}/api does not answer"
    assert runs(warehouse) == [("failed", line.removeprefix("dateline: the run could not start: "))]
    assert no_process_left(run.proc.pid) == []


def test_a_run_with_nothing_new_needs_no_prefect_and_is_recorded(tmp_path) -> None:
    inbox = tmp_path / "inbox"
    generate(inbox, 3)
    warehouse = tmp_path / "warehouse.duckdb"
    assert Run(tmp_path, inbox, warehouse).finish() == 0
    closed = {"PREFECT_API_URL": f"http://127.0.0.1:{_closed_port()}/api"}  # any use of Prefect would fail
    run = Run(tmp_path, inbox, warehouse, env=closed, name="nothing")
    assert run.finish() == 0, run.err.read_text()
    assert run.err.read_text() == ""
    assert re.fullmatch(r"Run [0-9a-f-]{36} nothing_new", run.out.read_text().splitlines()[0])
    assert run.out.read_text().splitlines()[1:3] == ["  files seen            3", "  new or changed        0"]
    assert [status for status, _ in runs(warehouse)] == ["succeeded", "nothing_new"]


def test_a_relative_inbox_with_nothing_new_is_seen_as_such(tmp_path) -> None:
    inbox = tmp_path / "inbox"
    generate(inbox, 2)
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR"}
    args = [str(VENV_BIN / "dateline"), "run", "--inbox", "inbox", "--settle", "0"]
    assert subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, timeout=600).returncode == 0
    again = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert (again.returncode, again.stdout.split()[2]) == (0, "nothing_new")


def test_a_chunked_run_killed_after_its_first_chunk_keeps_it_and_the_next_run_takes_the_rest(tmp_path, corpus, clean) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    run = Run(tmp_path, corpus, warehouse, extra=("--chunk-files", "700"))
    run.wait_for(r"committed a chunk of 700 files: 700 loaded")
    run.proc.kill()
    run.finish()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        kept = con.execute("select count(*) from dim_article").fetchone()[0]
        state = con.execute("select count(*) from file_state").fetchone()[0]
    finally:
        con.close()
    assert (kept, state) == (700, 700)  # the first chunk, and only it (the run is killed while the second loads)
    again = Run(tmp_path, corpus, warehouse, name="again", extra=("--chunk-files", "700"))
    assert again.finish() == 0, again.err.read_text()[-3000:]
    assert "  new or changed     2300" in again.out.read_text().splitlines()
    assert warehouse_checksums(warehouse) == clean
    assert [status for status, _ in runs(warehouse)] == ["abandoned", "succeeded"]
