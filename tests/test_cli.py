"""The `dateline` command: exit codes, messages, output formats."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from conftest import article, hold_writer_lock, write_file
from dateline.cli import main
from dateline.snapshot import snapshot_path

VENV_BIN = __import__("pathlib").Path(sys.executable).parent


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table articles as select * from (values ('001_aaaaaaaaaaaaaaaa.txt', date '2024-03-25', 'Talks', 12), ('002_bbbbbbbbbbbbbbbb.txt', date '2024-03-27', 'More talks', 7)) t(file_name, published_date, title, word_count)")
    con.close()
    shutil.copyfile(path, snapshot_path(path))  # what a successful run publishes
    return path


def test_run_with_a_missing_inbox_exits_2_with_a_message(capsys, tmp_path) -> None:
    code, out, err = run_cli(capsys, "run", "--inbox", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert code == 2
    assert err.splitlines()[-1] == f"dateline: error: inbox folder {tmp_path / 'nope'} does not exist"
    assert out == ""


def test_run_with_a_file_as_inbox_exits_2(capsys, tmp_path) -> None:
    write_file(tmp_path, "f.txt", "x")
    code, _, err = run_cli(capsys, "run", "--inbox", str(tmp_path / "f.txt"))
    assert (code, err.splitlines()[-1]) == (2, f"dateline: error: inbox {tmp_path / 'f.txt'} is not a folder")


def test_bad_options_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run", "--bogus"])
    assert info.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_sql_table_csv_and_json(capsys, warehouse) -> None:
    query = "select file_name, published_date, word_count from articles order by file_name"
    assert run_cli(capsys, "sql", "--warehouse", str(warehouse), query) == (
        0,
        textwrap.dedent(
            """\
            file_name                 published_date  word_count
            ------------------------  --------------  ----------
            001_aaaaaaaaaaaaaaaa.txt  2024-03-25              12
            002_bbbbbbbbbbbbbbbb.txt  2024-03-27               7
            """
        ),
        "",
    )
    assert run_cli(capsys, "sql", "--warehouse", str(warehouse), "--format", "csv", query)[1] == (
        "file_name,published_date,word_count\n001_aaaaaaaaaaaaaaaa.txt,2024-03-25,12\n002_bbbbbbbbbbbbbbbb.txt,2024-03-27,7\n"
    )
    assert run_cli(capsys, "sql", "--warehouse", str(warehouse), "--format", "json", query)[1] == (
        '[{"file_name": "001_aaaaaaaaaaaaaaaa.txt", "published_date": "2024-03-25", "word_count": 12}, '
        '{"file_name": "002_bbbbbbbbbbbbbbbb.txt", "published_date": "2024-03-27", "word_count": 7}]\n'
    )


def test_sql_table_shows_nulls_and_empty_results(capsys, warehouse) -> None:
    assert run_cli(capsys, "sql", "--warehouse", str(warehouse), "select null as reason, 1.5 as x")[1] == "reason    x\n------  ---\nNULL    1.5\n"
    assert run_cli(capsys, "sql", "--warehouse", str(warehouse), "select * from articles where false")[1] == (
        "file_name  published_date  title  word_count\n(no rows)\n"
    )


def test_sql_from_a_file(capsys, warehouse, tmp_path) -> None:
    query_file = tmp_path / "q.sql"
    query_file.write_text("select count(*) as n from articles")
    assert run_cli(capsys, "sql", "--warehouse", str(warehouse), "--file", str(query_file), "--format", "csv") == (0, "n\n2\n", "")


def test_sql_errors_exit_1_with_the_database_message(capsys, warehouse) -> None:
    code, out, err = run_cli(capsys, "sql", "--warehouse", str(warehouse), "select nope from articles")
    assert (code, out) == (1, "")
    assert err.startswith('dateline: SQL error: Binder Error: Referenced column "nope" not found')


def test_sql_is_read_only(capsys, warehouse) -> None:
    code, _, err = run_cli(capsys, "sql", "--warehouse", str(warehouse), "delete from articles")
    assert code == 1
    assert "read-only" in err


def test_sql_on_a_missing_warehouse(capsys, tmp_path) -> None:
    code, _, err = run_cli(capsys, "sql", "--warehouse", str(tmp_path / "none.duckdb"), "select 1")
    assert (code, err) == (1, f"dateline: warehouse {tmp_path / 'none.duckdb'} does not exist: run `dateline run` first\n")


def test_sql_reads_the_snapshot_and_live_reads_the_warehouse(capsys, warehouse) -> None:
    con = duckdb.connect(str(warehouse))
    con.execute("delete from articles where word_count = 7")  # written after the snapshot was published
    con.close()
    query = "select count(*) as n from articles"
    assert run_cli(capsys, "sql", "--warehouse", str(warehouse), "--format", "csv", query) == (0, "n\n2\n", "")
    assert run_cli(capsys, "sql", "--live", "--warehouse", str(warehouse), "--format", "csv", query) == (0, "n\n1\n", "")


def test_sql_on_a_warehouse_with_no_snapshot_yet_says_how_to_read_it(capsys, warehouse) -> None:
    snapshot_path(warehouse).unlink()
    code, _, err = run_cli(capsys, "sql", "--warehouse", str(warehouse), "select 1")
    assert (code, err) == (
        1,
        f"dateline: no snapshot {tmp_snapshot(warehouse)} yet: one is published after each successful run; "
        "--live reads the warehouse itself\n",
    )
    assert run_cli(capsys, "sql", "--live", "--warehouse", str(warehouse), "--format", "csv", "select 1 as one") == (0, "one\n1\n", "")


def tmp_snapshot(warehouse):
    return warehouse.with_name("wh.snapshot.duckdb")


def test_sql_needs_exactly_one_of_query_or_file(capsys, warehouse) -> None:
    code, _, err = run_cli(capsys, "sql", "--warehouse", str(warehouse))
    assert (code, err.splitlines()[-1]) == (2, "dateline: error: give either a SQL query or --file, not both")


def test_a_warehouse_held_by_another_process_exits_75_naming_it(tmp_path, warehouse) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(warehouse)!r}); print('ready', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "ready\n"
        for args in (
            ["sql", "--live", "--warehouse", str(warehouse), "select 1"],
            ["run", "--inbox", str(tmp_path), "--warehouse", str(warehouse), "--wait", "1"],
        ):
            started = time.monotonic()
            done = subprocess.run([VENV_BIN / "dateline", *args], capture_output=True, text=True, timeout=60)
            assert time.monotonic() - started >= (1 if args[0] == "run" else 0)  # a run waits --wait seconds first
            assert done.returncode == 75
            assert done.stderr == f"dateline: warehouse {warehouse} is in use by process {holder.pid}; try again when it has finished\n"
            assert "Traceback" not in done.stdout + done.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_run_waits_for_a_reader_of_the_live_warehouse_then_loads(capsys, prefect_server, workspace) -> None:
    warehouse = workspace["warehouse"]
    warehouse.parent.mkdir(parents=True)
    duckdb.connect(str(warehouse)).close()
    reader = subprocess.Popen(  # an analyst's query on the live file, for about 2 s
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(warehouse)!r}, read_only=True); print('ready', flush=True); time.sleep(2)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline() == "ready\n"
        write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Cambodia and Japan held talks."))
        code, out, _ = run_cli(
            capsys, "run", "--inbox", str(workspace["inbox"]), "--warehouse", str(warehouse), "--reports", str(workspace["reports"]),
            "--wait", "30",
        )
        assert reader.poll() is not None  # the run could open the file only once the reader had gone
    finally:
        reader.wait(timeout=30)
    assert code == 0
    assert "  loaded                1" in out.splitlines()


def test_run_prints_a_summary_and_exits_0_even_with_quarantined_files(capsys, prefect_server, workspace) -> None:
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Cambodia and Japan held talks."))
    write_file(workspace["inbox"], "002_bbbbbbbbbbbbbbbb.txt", "no date")
    code, out, _ = run_cli(
        capsys, "run", "--inbox", str(workspace["inbox"]), "--warehouse", str(workspace["warehouse"]), "--reports", str(workspace["reports"])
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Run ") and lines[0].endswith(" succeeded")
    assert lines[1:7] == [
        "  files seen            2",
        "  new or changed        2",
        "  loaded                1",
        "  duplicate             0",
        "  quarantined           1",
        "  pending               0",
    ]
    assert lines[7:] == [
        f"Warehouse:         {workspace['warehouse']}",
        f"Snapshot:          {workspace['warehouse'].with_name('warehouse.snapshot.duckdb')}",
        f"Validation report: {workspace['reports'] / 'validation' / (lines[0].split()[1] + '.html')}",
        "Quarantined:",
        "  002_bbbbbbbbbbbbbbbb.txt: no date line",
    ]


def test_a_second_writer_waits_then_exits_75_naming_the_holder(capsys, tmp_path) -> None:
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    holder = hold_writer_lock(warehouse, "run-1234")
    try:
        started = time.monotonic()
        code, out, err = run_cli(capsys, "run", "--inbox", str(tmp_path), "--warehouse", str(warehouse), "--wait", "1")
        assert time.monotonic() - started >= 1
        assert (code, out) == (75, "")
        assert err == (
            f"dateline: warehouse {warehouse} is being written by run run-1234 (PID {holder.pid}) "
            "since 2026-11-23T10:00:00+00:00; gave up after 1 s\n"
        )
        assert not warehouse.exists()
    finally:
        holder.kill()
        holder.wait()
    holder = hold_writer_lock(warehouse, None)  # the holder's Prefect flow run does not exist yet
    try:
        code, _, err = run_cli(capsys, "run", "--inbox", str(tmp_path), "--warehouse", str(warehouse), "--wait", "0")
        assert (code, err) == (
            75,
            f"dateline: warehouse {warehouse} is being written by a run whose flow run is still starting (PID {holder.pid}) "
            "since 2026-11-23T10:00:00+00:00; gave up after 0 s\n",
        )
    finally:
        holder.kill()
        holder.wait()


def test_a_stale_lock_of_a_dead_process_is_taken_over(capsys, prefect_server, workspace) -> None:
    dead = hold_writer_lock(workspace["warehouse"], "run-dead")
    dead.kill()  # SIGKILL: its details stay behind, the kernel releases its lock
    dead.wait()
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Cambodia and Japan held talks."))
    code, out, _ = run_cli(
        capsys, "run", "--inbox", str(workspace["inbox"]), "--warehouse", str(workspace["warehouse"]),
        "--reports", str(workspace["reports"]), "--wait", "0",
    )
    assert code == 0
    assert "  loaded                1" in out.splitlines()
    assert not (workspace["warehouse"].parent / "warehouse.duckdb.lock.json").exists()


@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (["rn"], "usage: dateline [-h] [--version] COMMAND ...", "dateline: error: unknown command 'rn'; did you mean 'run'?"),
        (["quarantine", "lst"], "usage: dateline quarantine [-h] ACTION ...", "dateline quarantine: error: unknown action 'lst'; did you mean 'list'?"),
        (["zzz"], "usage: dateline [-h] [--version] COMMAND ...",
         "dateline: error: unknown command 'zzz' (commands: run, sql, backfill, serve, status, quarantine, report, docs, export)"),
    ],
)
def test_an_unknown_command_gets_the_closest_one_as_a_suggestion(capsys, args, usage, message) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    err = capsys.readouterr().err.splitlines()
    assert (exit_info.value.code, err[0], err[-1]) == (2, usage, message)


def test_an_error_in_a_command_shows_that_commands_usage(capsys, tmp_path) -> None:
    code, _, err = run_cli(capsys, "backfill", "--all", "--start", "2024-01-01", "--warehouse", str(tmp_path / "w.duckdb"))
    assert code == 2
    assert err.splitlines()[0].startswith("usage: dateline backfill [-h] [--start DATE] [--end DATE] [--all]")
    assert err.splitlines()[-1] == "dateline: error: give --all or --start/--end, not both"
