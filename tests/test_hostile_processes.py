"""Hostile and unlucky events during a run (issue 10): files rewritten while read, SIGINT, kill -9
after the commit, a rolled-back run, a webhook that answers one byte at a time."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT, SEEDS, article, write_file
from test_operations import LOADED_LINE, Streamed

COMMITTED_LINE = re.compile(r"committed a chunk of (\d+) files: (\d+) loaded, (\d+) duplicate, (\d+) quarantined")


def rows(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def seeds_and_one_bad_file(inbox: Path) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        write_file(inbox, path.name, path.read_bytes())
    write_file(inbox, "099_ffffffffffffffff.txt", "no date line here")


def files_below(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_d8_a_quarantine_copy_holds_the_bytes_that_were_read_not_the_rewritten_file(tmp_path) -> None:
    from dateline import quarantine, triage
    from dateline.discover import list_inbox, read_files

    inbox, dest = tmp_path / "inbox", tmp_path / "quarantine" / "run-1"
    originals = {f"{n:03d}_aaaaaaaaaaaaaaaa.txt": f"no date line, version one of {n}".encode() for n in range(1, 41)}
    for name, data in originals.items():
        write_file(inbox, name, data)
    listing = list_inbox(inbox, pattern="*.txt", settle_seconds=0, now=time.time())
    versions, pending = read_files(list(listing.files), max_bytes=2_000_000)
    assert pending == [] and len(versions) == 40
    for name in originals:  # rewritten after the run read them
        write_file(inbox, name, b"rewritten meanwhile")
    _, rejected = triage.parse_versions(versions, run_id="run-1", today=date(2026, 1, 1), max_bytes=2_000_000)
    copies = quarantine.copy_files(rejected, dest, inbox=inbox)
    quarantine.publish(dest)
    assert len(copies) == 40
    for item in rejected:
        copy = Path(copies[item.file_version_key])
        assert copy.read_bytes() == originals[copy.name]
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == item.version.sha256


def test_d18a_sigint_interrupts_the_run_records_it_and_releases_the_lock(tmp_path) -> None:
    from dateline.lock import holder_path, is_held

    inbox, warehouse = tmp_path / "inbox", tmp_path / "data" / "warehouse.duckdb"
    seeds_and_one_bad_file(inbox)
    # started as `dateline run &` from a script: SIGINT arrives ignored, as the shell leaves it
    run = SigintIgnored("run", "--inbox", str(inbox), "--warehouse", str(warehouse), "--reports", str(tmp_path / "reports"))
    try:
        assert run.wait_for(LOADED_LINE).group(1) == "28"  # inside the load transaction
        os.kill(run.proc.pid, signal.SIGINT)
        out, err = run.proc.communicate(timeout=120)
        assert run.proc.returncode == 130, out
    finally:
        run.kill_all()
    time.sleep(0.5)  # the reader thread drains the rest of stderr
    stderr = "".join(run.seen) + "".join(iter_lines(run)) + err
    assert "Traceback" not in stderr
    assert "dateline: interrupted by SIGINT; nothing from this run was loaded" in stderr.splitlines()
    assert rows(warehouse, "select status, error from run") == [("interrupted", "interrupted by SIGINT; nothing from this run was loaded")]
    assert rows(warehouse, "select count(*) from dim_article") == [(0,)]
    assert not is_held(warehouse) and not holder_path(warehouse).exists()
    assert files_below(tmp_path / "data" / "quarantine") == []  # D25 too: the rolled-back run left no copies


class SigintIgnored(Streamed):
    """A `dateline` subprocess started with SIGINT ignored, as `cmd &` in a shell script starts it."""

    def __init__(self, *args: str) -> None:
        import queue
        import subprocess

        from test_operations import DATELINE

        env = {**os.environ, "PREFECT_LOGGING_LEVEL": "INFO"}
        self.proc = subprocess.Popen(
            [str(DATELINE), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        )
        self.lines = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()


def iter_lines(streamed: Streamed):
    while not streamed.lines.empty():
        yield streamed.lines.get()


def test_d21_a_run_killed_after_its_commit_is_succeeded(tmp_path) -> None:
    inbox, warehouse = tmp_path / "inbox", tmp_path / "data" / "warehouse.duckdb"
    seeds_and_one_bad_file(inbox)
    common = ["--inbox", str(inbox), "--warehouse", str(warehouse), "--reports", str(tmp_path / "reports")]
    doomed = Streamed("run", *common)
    try:
        assert doomed.wait_for(COMMITTED_LINE).groups() == ("29", "28", "0", "1")
        os.kill(doomed.proc.pid, signal.SIGKILL)  # kill -9 before the run's reports and snapshot
        assert doomed.proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        doomed.kill_all()
    killed = rows(warehouse, "select run_id, status, finished_at from run")
    assert [(status, finished) for _, status, finished in killed] == [("succeeded", None)]

    from test_operations import dateline

    again = dateline("run", *common, "--wait", "0")
    assert again.returncode == 0, again.stderr
    assert "  loaded                0" in again.stdout.splitlines()
    assert rows(warehouse, "select status, error from run order by started_at") == [
        ("succeeded", "the run loaded its data, then stopped before its reports were finished (killed or crashed)"),
        ("nothing_new", None),
    ]
    assert rows(warehouse, "select count(*) from articles") == [(28,)]
    # its quarantine copies, staged at the kill, were moved into place by the next run
    (copy,) = rows(warehouse, "select quarantine_path from quarantined_files")[0]
    assert Path(copy).read_bytes() == b"no date line here"
    assert copy == str(tmp_path / "data" / "quarantine" / killed[0][0] / "099_ffffffffffffffff.txt")


def test_d25_a_run_that_rolled_back_leaves_no_quarantine_copies(prefect_server, workspace, tmp_path) -> None:
    from dateline.ingest import ingest

    expectations = tmp_path / "expectations"
    shutil.copytree(PROJECT / "expectations", expectations)
    suite_path = expectations / "fact_article" / "critical.json"
    suite = json.loads(suite_path.read_text())
    suite["expectations"].append(
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "word_count", "max_value": 3}, "meta": {}}
    )
    suite_path.write_text(json.dumps(suite))
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", article("2024-04-05", "Laos opened a new bridge today."))
    write_file(workspace["inbox"], "002_bbbbbbbbbbbbbbbb.txt", "no date line")
    state = ingest(
        inbox=str(workspace["inbox"]), warehouse_path=str(workspace["warehouse"]), reports_dir=str(workspace["reports"]),
        quarantine_dir=str(workspace["quarantine"]), settle_seconds=0, expectations_dir=str(expectations), return_state=True,
    )
    assert state.is_failed()
    assert rows(workspace["warehouse"], "select count(*) from quarantine") == [(0,)]
    assert files_below(workspace["quarantine"]) == []


class Dribbler:
    """An HTTP server that answers every request one byte per ``every`` seconds, for a minute."""

    def __init__(self, every: float) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.every = every
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/hook"

    def _serve(self) -> None:
        conn, _ = self.sock.accept()
        conn.recv(65536)
        for byte in b"HTTP/1.1 204 No Content\r\n\r\n" * 4:
            if self.stop.wait(self.every):
                break
            try:
                conn.send(bytes([byte]))
            except OSError:
                break
        conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def test_d23_a_webhook_that_answers_one_byte_at_a_time_is_given_up_on_the_deadline() -> None:
    from dateline import notify

    server = Dribbler(every=1.0)  # each read succeeds well within any per-read timeout
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError, match=f"no complete reply within {notify.TIMEOUT_SECONDS} s"):
            notify.post(server.url, {"source": "dateline", "at": datetime.now(UTC).isoformat()})
        assert notify.TIMEOUT_SECONDS <= time.monotonic() - started < notify.TIMEOUT_SECONDS + 2
    finally:
        server.close()
