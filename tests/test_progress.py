"""What a person sees while `dateline run` works: on a terminal (a real pty, read through the pyte
terminal emulator), a progress display and one line per finished stage; off a terminal, a line as
each stage starts and ends; Prefect's state lines only with --verbose; Ctrl-C leaves the one
interruption line last and the terminal as it was."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pyte
import pytest

from conftest import SEEDS
from test_process_model import generate, runs

DATELINE = Path(sys.executable).parent / "dateline"
WIDTH, HEIGHT = 200, 60
SECONDS = re.compile(r" +\d+\.\d s\b")
RUN_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STATE_LINE = re.compile(r"Finished in state|Beginning flow run|View at ")


class Terminal:
    """A `dateline` command on a pseudo-terminal of its own (its controlling terminal, so that ^C
    typed there is SIGINT for it), stdout and stderr both on the screen, as a person runs it."""

    def __init__(self, args: list[str], *, cwd: Path, env: dict[str, str] | None = None, width: int = WIDTH) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, width, 0, 0))
        self.modes_before = termios.tcgetattr(slave)
        self.slave = slave
        self.screen = pyte.Screen(width, HEIGHT)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        self.seen: list[str] = []  # every line the screen showed, in every state it was in
        self._lock = threading.Lock()
        full_env = {**os.environ, "PREFECT_LOGGING_LEVEL": "INFO", "TERM": "xterm-256color", **(env or {})}
        full_env.pop("COLUMNS", None)
        self.proc = subprocess.Popen(
            [str(DATELINE), *args], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=full_env,
            start_new_session=True, preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # the last process holding the terminal closed it
                return
            if not data:
                return
            with self._lock:
                self.raw += data
                self.stream.feed(data)
                self.seen += [line.rstrip() for line in self.screen.display if line.strip()]

    def lines(self) -> list[str]:
        with self._lock:
            return [line.rstrip() for line in self.screen.display if line.strip()]

    def wait_for(self, pattern: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(re.search(pattern, line) for line in self.lines()):
                return
            if self.proc.poll() is not None:
                pytest.fail(f"exited {self.proc.returncode} before {pattern!r}:\n" + "\n".join(self.lines()))
            time.sleep(0.02)
        pytest.fail(f"no {pattern!r} within {timeout} s:\n" + "\n".join(self.lines()))

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def finish(self, timeout: float = 600) -> int:
        code = self.proc.wait(timeout)
        self.modes_after = termios.tcgetattr(self.slave)
        os.close(self.slave)
        self._reader.join(10)
        os.close(self.master)
        return code


def shown(lines: list[str]) -> list[str]:
    """Screen lines with their times and run ids as placeholders."""
    return [RUN_ID.sub("RUN", SECONDS.sub(" N s", line)) for line in lines]


def stage_lines(inbox: Path, files: int, loaded: int, mentions: str) -> list[str]:
    return [
        "✓ start N s  Prefect's API answers, the flow is loaded",
        f"✓ discover N s  {files} files in {inbox}: {files} changed, 0 pending, 0 ignored",
        f"✓ read N s  {files} files read: {files} new or changed, 0 pending",
        f"✓ parse N s  {files} parsed, 0 rejected by the parser",
        "✓ validate N s  suite parsed_articles.critical: success=True",
        f"✓ extract N s  {mentions}",
        f"✓ load N s  loaded {loaded} article versions",
        "✓ check N s  post-load suites: 11 run, failed: none",
        f"  committed a chunk of {files} files: {loaded} loaded, 0 duplicate, 0 quarantined",
    ]


def test_a_run_on_a_terminal_shows_the_running_stage_with_counts_and_one_line_per_finished_stage(tmp_path) -> None:
    term = Terminal(["run", "--inbox", str(SEEDS), "--settle", "0"], cwd=tmp_path)
    assert term.finish() == 0, "\n".join(term.lines())
    assert shown(term.lines()) == [
        *stage_lines(SEEDS, 28, 28, "1270 mentions, 301 article themes, 57 article countries"),
        "✓ reports N s",
        "✓ snapshot N s",
        "✓ report N s  run report data/reports/index.html built in N s (1 run pages written)",
        "Run RUN succeeded",
        "  files seen           28",
        "  new or changed       28",
        "  loaded               28",
        "  duplicate             0",
        "  quarantined           0",
        "  pending               0",
        f"Warehouse:         {Path('data/warehouse.duckdb')}",
        f"Snapshot:          {Path('data/warehouse.snapshot.duckdb')}",
        "Validation report: data/reports/validation/RUN.html",
    ]
    # while it ran: the stage that was running, with a bar, its count and the time it had taken
    assert any(re.fullmatch(r"\S start\s+━+\s+0:00:\d\d", line) for line in term.seen)
    assert any(re.fullmatch(r"\S extract\s+━+\s+(0|25)/28 articles\s+0:00:\d\d", line) for line in term.seen)
    assert any(re.fullmatch(r"  run\s+━+\s+\d+/28 files\s+0:00:\d\d", line) for line in term.seen)
    assert not STATE_LINE.search(term.raw.decode(errors="replace"))
    assert term.raw.decode().count("\x1b[?25l") >= 1 and not term.screen.cursor.hidden  # the cursor is back


def test_verbose_on_a_terminal_shows_prefects_state_lines_above_the_display(tmp_path) -> None:
    term = Terminal(["run", "--inbox", str(SEEDS), "--settle", "0", "--verbose"], cwd=tmp_path)
    assert term.finish() == 0, "\n".join(term.lines())
    text = "\n".join(term.lines())
    finished = re.findall(r"\| INFO    \| (Task|Flow) run '([\w-]+?)(?:-\w{3})?' - Finished in state Completed\(\)", text)
    assert [(kind, name) for kind, name in finished if kind == "Task"] == [
        ("Task", n) for n in ("discover", "read", "parse", "validate-batch", "extract", "load", "post-load-checks")
    ]
    assert [kind for kind, _ in finished].count("Flow") == 1
    assert len(re.findall(r"Beginning flow run '[\w-]+' for flow 'dateline-ingest'", text)) == 1
    assert not any(line.startswith("✓ ") for line in term.lines())  # the log says it all
    assert any(re.fullmatch(r"\S extract\s+━+\s+(0|25)/28 articles\s+0:00:\d\d", line) for line in term.seen)


def _messages(stderr: str) -> list[str]:
    """The messages of Prefect's log lines, without their time."""
    found = [re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3} \| (\w+)\s* \| (?:Task run '([\w-]+?)-\w{3}'|Flow run '[\w-]+') - (.*)", line)
             for line in stderr.splitlines()]
    assert all(found), stderr
    return [f"{m.group(1)} {m.group(2) or 'flow'}: {SECONDS.sub(' N s', m.group(3))}" for m in found]


def test_off_a_terminal_a_run_logs_each_stage_start_and_end_and_no_state_lines(tmp_path) -> None:
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "INFO"}
    args = [str(DATELINE), "run", "--inbox", str(SEEDS), "--settle", "0"]
    done = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert _messages(done.stderr) == [
        "INFO discover: listing the inbox",
        f"INFO discover: 28 files in {SEEDS}: 28 changed, 0 pending, 0 ignored",
        "INFO read: reading 28 files",
        "INFO read: 28 files read: 28 new or changed, 0 pending",
        "INFO parse: parsing 28 files",
        "INFO parse: 28 parsed, 0 rejected by the parser",
        "INFO validate-batch: validating 28 parsed articles",
        "INFO validate-batch: suite parsed_articles.critical: success=True",
        "INFO extract: extracting 28 articles",
        "INFO extract: 1270 mentions, 301 article themes, 57 article countries",
        "INFO load: loading the chunk into the warehouse",
        "INFO load: loaded 28 article versions",
        "INFO post-load-checks: running the post-load suites on the loaded rows",
        "INFO post-load-checks: post-load suites: 11 run, failed: none",
        "INFO flow: committed a chunk of 28 files: 28 loaded, 0 duplicate, 0 quarantined",
        "INFO flow: recording the validation results",
        "INFO flow: publishing the snapshot for analysts",
        "INFO flow: building the run report",
        "INFO flow: run report data/reports/index.html built in N s (1 run pages written)",
    ]
    assert "\x1b[" not in done.stderr  # no display, no colours: a file or a pipe


def test_dateline_verbose_off_a_terminal_adds_prefects_state_lines(tmp_path) -> None:
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "INFO", "DATELINE_VERBOSE": "1"}
    args = [str(DATELINE), "run", "--inbox", str(SEEDS), "--settle", "0"]
    done = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    messages = _messages(done.stderr)
    assert [m for m in messages if "Finished in state" in m] == [
        f"INFO {task}: Finished in state Completed()"
        for task in ("discover", "read", "parse", "validate-batch", "extract", "load", "post-load-checks", "flow")
    ]
    (beginning,) = [m for m in messages if "Beginning" in m]
    assert re.fullmatch(r"INFO flow: Beginning flow run '[\w-]+' for flow 'dateline-ingest'", beginning), beginning
    assert "INFO extract: extracting 28 articles" in messages


def test_a_dateline_verbose_that_is_not_yes_or_no_is_a_usage_error(tmp_path) -> None:
    env = {**os.environ, "DATELINE_VERBOSE": "loud"}
    done = subprocess.run([str(DATELINE), "run", "--inbox", str(SEEDS)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr.splitlines()[-1]) == (
        2, "dateline: error: $DATELINE_VERBOSE must be one of 1, true, yes, on, 0, false, no, off, got 'loud'"
    )


def test_ctrl_c_on_a_terminal_ends_with_the_interruption_line_and_leaves_the_terminal_as_it_was(tmp_path) -> None:
    inbox = tmp_path / "inbox"
    generate(inbox, 3000)
    args = ["run", "--inbox", str(inbox), "--settle", "0", "--chunk-files", "3000", "--dask-min-articles", "100000"]
    term = Terminal(args, cwd=tmp_path)
    term.wait_for(r"^\S extract\s+━")
    term.type(b"\x03")  # Ctrl-C: SIGINT to the command's process group
    assert term.finish() == 130, "\n".join(term.lines())
    lines = term.lines()
    assert lines[-1] == "dateline: interrupted by SIGINT; nothing from this run was loaded"
    assert shown(lines[:-1]) == [
        "✓ start N s  Prefect's API answers, the flow is loaded",
        f"✓ discover N s  3000 files in {inbox}: 3000 changed, 0 pending, 0 ignored",
        "✓ read N s  3000 files read: 3000 new or changed, 0 pending",
        "✓ parse N s  3000 parsed, 0 rejected by the parser",
        "✓ validate N s  suite parsed_articles.critical: success=True",
        "✗ extract N s  3000 articles",  # what it was working on when it stopped
    ]
    assert not term.screen.cursor.hidden
    assert term.modes_after == term.modes_before  # echo, line editing: as before
    assert "Traceback" not in term.raw.decode(errors="replace")
    assert runs(tmp_path / "data" / "warehouse.duckdb") == [("interrupted", "interrupted by SIGINT; nothing from this run was loaded")]


def test_a_backfill_on_a_terminal_shows_its_stages_with_extraction_on_dask(tmp_path) -> None:
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"}
    loaded = subprocess.run([str(DATELINE), "run", "--inbox", str(SEEDS), "--settle", "0"], cwd=tmp_path, env=env, capture_output=True, timeout=600)
    assert loaded.returncode == 0, loaded.stderr
    term = Terminal(["backfill", "--all", "--dask-min-articles", "1"], cwd=tmp_path)
    assert term.finish() == 0, "\n".join(term.lines())
    lines = shown(term.lines())
    workers = os.cpu_count() - 1 or 1  # parallel.local_workers()
    assert lines[:12] == [
        "✓ start N s  Prefect's API answers, the flow is loaded",
        "✓ select N s  28 article versions published all dates",
        "✓ parse N s  28 re-parsed, 0 no longer parse",
        "✓ validate N s  suite parsed_articles.critical: success=True",
        lines[4],  # the Dask scheduler's address varies
        f"✓ extract N s  extracted 28 articles in {workers} parts on Dask",
        "✓ replace N s  re-derived 28 article versions",
        "✓ check N s  post-load suites: 11 run, failed: none",
        "✓ reports N s",
        "✓ compact N s",
        "✓ snapshot N s",
        "✓ report N s  run report data/reports/index.html built in N s (2 run pages written)",
    ]
    assert re.fullmatch(rf"  extracting on Dask at tcp://127\.0\.0\.1:\d+, {workers} workers", lines[4]), lines[4]
    assert lines[12:14] == ["Backfill RUN succeeded", "  dates           all dates"]
    text = term.raw.decode(errors="replace")
    assert not STATE_LINE.search(text)  # the workers' task runs too
    assert "distributed." not in text and "Scheduler at" not in text


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_signal_that_a_library_callback_swallowed_stops_the_run_at_the_next_stage() -> None:
    """Dask's garbage-collector callback runs in the run's process; a Ctrl-C raised inside it is only
    printed by Python (seen in tests/test_process_model.py), and the run went on to succeed."""
    import gc
    import signal

    from dateline import interrupt, progress

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(10000):  # the handler runs here, inside the callback
                pass

    with interrupt.handled():
        gc.callbacks.append(callback)
        try:
            gc.collect()
        finally:
            gc.callbacks.remove(callback)
        assert interrupt.received() == signal.SIGINT
        with pytest.raises(interrupt.Interrupted, match="^interrupted by SIGINT$"), progress.stage("parse", 3):
            pytest.fail("the stage started")
    interrupt.reset()
    with progress.stage("parse", 3):  # no signal: the stage runs
        pass
