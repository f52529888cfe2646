"""`dateline serve`: option errors, and scheduled runs on a local Prefect server that stop cleanly on SIGTERM."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT, write_file
from dateline.cli import main

DATELINE = Path(sys.executable).parent / "dateline"
ARTICLE = " date 2024-03-25 Cambodia and Japan held talks in Phnom Penh."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cron", "0 * * * *", "--interval", "5"], "give either --cron or --interval, not both"),
        ([], "give a schedule: --cron EXPR or --interval SECONDS"),
        (["--interval", "0"], "--interval must be a number of seconds greater than 0, got '0'"),
        (["--interval", "soon"], "--interval must be a number of seconds greater than 0, got 'soon'"),
        (["--interval", "5", "--timezone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus': give an IANA name such as UTC or Europe/Berlin"),
        (["--cron", "61 * * * *"], "--cron '61 * * * *' is not a valid cron expression (minute hour day-of-month month day-of-week)"),
        (["--cron", "every hour"], "--cron 'every hour' is not a valid cron expression (minute hour day-of-month month day-of-week)"),
        (["--interval", "5", "--name", "a/b"], "--name 'a/b' must not be empty or contain any of /%&><"),
    ],
)
def test_bad_options_exit_2_quickly_without_starting_a_server(capsys, tmp_path, args, message) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    start = time.monotonic()
    code = main(["serve", *args, "--inbox", str(inbox), "--warehouse", str(warehouse)])
    out, err = capsys.readouterr()
    assert (code, out, err.splitlines()[-1]) == (2, "", f"dateline: error: {message}")
    assert time.monotonic() - start < 10
    assert not (tmp_path / "data").exists()  # no warehouse, no server home: nothing started


def test_missing_inbox_exits_2(capsys, tmp_path) -> None:
    code = main(["serve", "--interval", "5", "--inbox", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "data" / "w.duckdb")])
    assert (code, capsys.readouterr().err.splitlines()[-1]) == (2, f"dateline: error: inbox folder {tmp_path / 'nope'} does not exist")
    assert not (tmp_path / "data").exists()


def test_valid_cron_and_timezone_are_accepted(tmp_path) -> None:
    from argparse import Namespace

    from dateline.cli.serve import options_from

    args = Namespace(
        cron="30 6 * * 1-5", interval=None, timezone="Asia/Phnom_Penh", inbox=tmp_path, warehouse=Path("w.duckdb"),
        reports=Path("r"), quarantine=None, settle_seconds=None, name="scheduled",
    )
    options = options_from(args)
    assert options.schedule_text == 'cron "30 6 * * 1-5" (Asia/Phnom_Penh)'
    assert options.parameters["inbox"] == str(tmp_path.resolve())
    assert Path(options.parameters["warehouse_path"]).is_absolute()


def test_prefect_yaml_defines_the_deployment() -> None:
    import yaml
    from prefect.cli.deploy._models import PrefectYamlModel, RawScheduleConfig

    config = PrefectYamlModel.model_validate(yaml.safe_load((PROJECT / "prefect.yaml").read_text(encoding="utf-8")))
    (deployment,) = config.deployments
    assert deployment.entrypoint == "flows/dateline/ingest.py:ingest"
    assert (deployment.concurrency_limit.limit, deployment.concurrency_limit.collision_strategy) == (1, "CANCEL_NEW")
    (schedule,) = deployment.schedules
    schedule = RawScheduleConfig.model_validate(schedule.model_dump() if hasattr(schedule, "model_dump") else schedule)
    assert schedule.timezone and schedule.cron
    from dateline.serve.options import valid_cron, valid_timezone

    assert valid_cron(schedule.cron) and valid_timezone(schedule.timezone)
    assert set(deployment.parameters) <= {"inbox", "warehouse_path", "reports_dir", "quarantine_dir", "settle_seconds", "expectations_dir"}


def test_run_line_reports_the_summary_or_why_the_run_ended() -> None:
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from prefect.states import Completed, Failed

    from dateline.serve.hooks import run_line
    from dateline.summary import RunSummary
    from dateline.warehouse import WarehouseLocked

    run = SimpleNamespace(id="r1", expected_start_time=datetime(2024, 3, 25, 3, 0, tzinfo=UTC))
    summary = RunSummary(run_id="r1", status="succeeded", files_seen=3, files_new=2, files_loaded=1, files_quarantined=1)
    assert run_line(run, Completed(data=summary)).endswith(
        "run r1 (slot 2024-03-25 03:00:00Z) succeeded: 3 files seen, 2 new or changed, 1 loaded, 0 duplicate, 1 quarantined, 0 pending"
    )
    failed = Failed(message="post-load validation failed", data=RunSummary(run_id="r1", status="failed", error="PostLoadValidationError: x"))
    assert run_line(run, failed).endswith("failed: 0 files seen, 0 new or changed, 0 loaded, 0 duplicate, 0 quarantined, 0 pending; error: PostLoadValidationError: x")
    locked = Failed(data=WarehouseLocked(Path("w.duckdb"), 42))
    assert run_line(run, locked).endswith("run r1 (slot 2024-03-25 03:00:00Z) failed: WarehouseLocked: warehouse w.duckdb is in use by process 42")


# --- a real server ---------------------------------------------------------------------------


def _wait_for(what: str, condition, timeout: float, proc: subprocess.Popen, log: Path, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"dateline serve exited with {proc.returncode} while waiting for {what}:\n{log.read_text()}")
        time.sleep(every)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}:\n{log.read_text()}")


def _loaded(warehouse: Path) -> tuple[int, int] | None:
    """(articles, succeeded runs), read between runs: a running ingest holds the file and admits no reader."""
    if not warehouse.exists():
        return None
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            return None
        raise
    try:
        return (
            con.execute("select count(*) from articles").fetchone()[0],
            con.execute("select count(*) from run where status = 'succeeded'").fetchone()[0],
        )
    except duckdb.CatalogException:  # not migrated yet: no run has started
        return None
    finally:
        con.close()


def _held(warehouse: Path) -> bool:
    """True while a run has the warehouse open (DuckDB then refuses even a reader)."""
    try:
        duckdb.connect(str(warehouse), read_only=True).close()
    except duckdb.IOException as exc:
        return "lock" in str(exc).lower()
    return False


def _processes_mentioning(*needles: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if any(needle in cmdline for needle in needles):
            found.append(f"{entry.name}: {cmdline}")
    return found


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _serve(tmp_path: Path, log: Path) -> subprocess.Popen:
    """`dateline serve --interval 5` on tmp_path/inbox, in a process group of its own, with no PREFECT_API_URL."""
    data = tmp_path / "data"
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    command = [
        str(DATELINE), "serve", "--interval", "5",
        "--inbox", str(tmp_path / "inbox"), "--warehouse", str(data / "warehouse.duckdb"), "--reports", str(data / "reports"),
    ]
    with open(log, "ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path, start_new_session=True)


def _ready_line(proc: subprocess.Popen, log: Path, start: int = 0) -> str:
    found = _wait_for("the ready line", lambda: re.search(r"dateline serve: ready; .*", log.read_text()[start:]), 90, proc, log)
    return found.group(0)


def _all_gone(pgid: int, *needles: str, timeout: float = 20) -> list[str]:
    """Wait until the process group is empty and no process mentions a needle; what is left (killed) otherwise."""
    deadline = time.monotonic() + timeout
    while (_group_alive(pgid) or _processes_mentioning(*needles)) and time.monotonic() < deadline:
        time.sleep(0.2)
    leftovers = _processes_mentioning(*needles)
    if _group_alive(pgid):
        leftovers.append(f"process group {pgid}")
        os.killpg(pgid, signal.SIGKILL)
    for line in leftovers:  # do not leave them to the next test
        if line[0].isdigit():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(line.split(":")[0]), signal.SIGKILL)
    return leftovers


def _stop(proc: subprocess.Popen, sig: signal.Signals, timeout: float = 60) -> int:
    try:
        proc.send_signal(sig)
        return proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.server
def test_serve_runs_on_schedule_stops_cleanly_and_survives_restarts_and_kills(tmp_path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = tmp_path / "data"
    warehouse = data / "warehouse.duckdb"
    log = tmp_path / "serve.log"

    # 1. serve registers the deployment, ingests a new file on the next scheduled run, and stops on SIGTERM
    proc = _serve(tmp_path, log)
    try:
        ready = _ready_line(proc, log)
        match = re.search(r"Prefect UI (http://127\.0\.0\.1:(\d+)); deployment dateline-ingest/scheduled \((\S+)\);", ready)
        assert match, ready
        ui, port, deployment_id = match.groups()
        assert "schedule every 5 s (UTC)" in ready

        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with direct.open(f"{ui}/ui-settings", timeout=10) as response:
            assert json.load(response)["api_url"] == f"{ui}/api"  # the UI talks to this server, not :4200
        with direct.open(f"{ui}/api/deployments/name/dateline-ingest/scheduled", timeout=10) as response:
            deployment = json.load(response)
        assert deployment["global_concurrency_limit"]["limit"] == 1
        assert deployment["concurrency_options"]["collision_strategy"] == "CANCEL_NEW"
        assert deployment["paused"] is False
        (schedule,) = deployment["schedules"]
        assert (schedule["schedule"]["interval"], schedule["schedule"]["timezone"], schedule["active"]) == (5.0, "UTC", True)
        assert deployment["parameters"]["inbox"] == str(inbox.resolve())

        write_file(inbox, "001_aaaaaaaaaaaaaaaa.txt", ARTICLE)  # dated an hour ago: settled
        _wait_for("the article in the warehouse", lambda: (_loaded(warehouse) or (0, 0))[0] == 1, 75, proc, log, every=1.0)
        _wait_for("a succeeded run", lambda: (_loaded(warehouse) or (0, 0))[1] >= 1, 30, proc, log, every=1.0)
    finally:
        code = _stop(proc, signal.SIGTERM)
    text = log.read_text()
    assert code == 0, text
    assert "Traceback" not in text, text
    served = re.search(r"run (\S+) \(slot ([^)]+)\) succeeded: 1 files seen, 1 new or changed, 1 loaded, 0 duplicate", text)
    assert served, text
    # the warehouse records the run with its schedule slot (its logical date), as `runs` shows it
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        row = con.execute(
            "select flow_name, status, strftime(logical_date, '%Y-%m-%d %H:%M:%SZ') from runs where run_id = ?", [served.group(1)]
        ).fetchone()
    finally:
        con.close()
    assert row == ("dateline-ingest", "succeeded", served.group(2))
    assert "dateline serve: SIGTERM received: stopping" in text
    assert "dateline serve: local Prefect server stopped" in text
    # the flow-run subprocesses and multiprocessing's resource tracker follow it out; the server is gone
    assert not _all_gone(proc.pid, str(tmp_path), f"--port {port} ")
    # the schedule survives the stop (pause_on_shutdown=False): the server's database still has it active
    db = sqlite3.connect(data / "prefect-server" / "prefect.db")
    try:
        rows = db.execute(
            "select d.paused, s.active from deployment d join deployment_schedule s on s.deployment_id = d.id where d.name = 'scheduled'"
        ).fetchall()
    finally:
        db.close()
    assert rows == [(0, 1)]

    # 2. restarted, it serves the same deployment; killed (SIGKILL) mid-run, it leaves nothing running:
    #    the server dies with its parent, and the run's watcher ends the run
    for number in range(2, 6):
        write_file(inbox, f"{number:03d}_{number:016x}.txt", ARTICLE.replace("talks", f"talks, round {number},"))
    start = len(log.read_text())
    proc = _serve(tmp_path, log)
    try:
        assert f"deployment dateline-ingest/scheduled ({deployment_id})" in _ready_line(proc, log, start)
        _wait_for("a run holding the warehouse", lambda: _held(warehouse), 60, proc, log, every=0.1)
    finally:
        code = _stop(proc, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert not _all_gone(proc.pid, str(tmp_path), timeout=30)

    # 3. the next serve marks the killed run crashed, which frees its concurrency slot, and runs again
    start = len(log.read_text())
    proc = _serve(tmp_path, log)
    try:
        _ready_line(proc, log, start)
        text = log.read_text()[start:]
        assert re.search(r"dateline serve: run \S+, left unfinished by an earlier serve, marked crashed", text), text
        _wait_for("all five articles", lambda: (_loaded(warehouse) or (0, 0))[0] == 5, 75, proc, log, every=1.0)

        # 4. a `dateline run` of the same warehouse uses serve's server and starts none of its own
        state = json.loads((data / "prefect-server" / "server.json").read_text())
        assert state["pid"] == proc.pid
        write_file(tmp_path / "other", "006_0000000000000006.txt", ARTICLE.replace("talks", "talks, round 6,"))
        with open(tmp_path / "run.err", "w") as err:
            run = subprocess.Popen(
                [str(DATELINE), "run", "--inbox", str(tmp_path / "other"), "--warehouse", str(warehouse), "--wait", "120", "--verbose"],
                stdout=subprocess.PIPE, stderr=err, text=True, env={**os.environ, "PREFECT_LOGGING_LEVEL": "INFO"}, cwd=tmp_path,
            )
        own_servers = set()
        while run.poll() is None:
            own_servers.update(_processes_mentioning(f"dateline.prefect_server {run.pid} "))
            time.sleep(0.1)
        assert run.returncode == 0, (tmp_path / "run.err").read_text()
        assert own_servers == set()
        assert f"View at {state['api_url'].removesuffix('/api')}/runs/flow-run/" in (tmp_path / "run.err").read_text()
    finally:
        started = time.monotonic()
        code = _stop(proc, signal.SIGTERM, timeout=30)
    assert code == 0, log.read_text()[start:]
    assert time.monotonic() - started < 30
    assert not _all_gone(proc.pid, str(tmp_path))
    assert not (data / "prefect-server" / "server.json").exists()
