"""`dateline quarantine list` and `dateline quarantine retry FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from conftest import article, hold_writer_lock, write_file
from dateline.cli import main
from dateline.cli.quarantine import Quarantined, as_paths, matches
from dateline.lock import holder_path, is_held
from dateline.snapshot import snapshot_path

GOOD = article("2024-03-25", "Cambodia and Japan held talks in Phnom Penh.")
TOO_OLD = article("1850-01-01", "Old news from the archive.")  # parses, then fails the pre-load GX suite
GX_DATE = "failed expect_column_values_to_be_between(published_date)"


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def ingest_once(ws: dict[str, Path]) -> None:
    code = main(["run", "--inbox", str(ws["inbox"]), "--warehouse", str(ws["warehouse"]), "--reports", str(ws["reports"])])
    assert code == 0


def retry(capsys, ws: dict[str, Path], file: str) -> tuple[int, str, str]:
    return run_cli(capsys, "quarantine", "retry", file, "--warehouse", str(ws["warehouse"]), "--reports", str(ws["reports"]))


def listed(capsys, ws: dict[str, Path], *options: str) -> list[str]:
    code, out, err = run_cli(capsys, "quarantine", "list", "--warehouse", str(ws["warehouse"]), "--format", "csv", *options)
    assert (code, err) == (0, "")
    return out.splitlines()


def query(ws: dict[str, Path], sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(snapshot_path(ws["warehouse"])), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_matches_by_name_or_by_path() -> None:
    a = Quarantined("/in/a/002_bbbbbbbbbbbbbbbb.txt", "002_bbbbbbbbbbbbbbbb.txt", "no date line", "r1", "/in")
    b = Quarantined("/in/b/002_bbbbbbbbbbbbbbbb.txt", "002_bbbbbbbbbbbbbbbb.txt", "no date line", "r1", "/in")
    assert matches([a, b], "002_bbbbbbbbbbbbbbbb.txt", as_paths("002_bbbbbbbbbbbbbbbb.txt")) == [a, b]
    assert matches([a, b], "/in/b/002_bbbbbbbbbbbbbbbb.txt", as_paths("/in/b/002_bbbbbbbbbbbbbbbb.txt")) == [b]
    assert matches([a, b], "/in/b/../a/002_bbbbbbbbbbbbbbbb.txt", as_paths("/in/b/../a/002_bbbbbbbbbbbbbbbb.txt")) == [a]
    assert matches([a, b], "003_cccccccccccccccc.txt", frozenset()) == []


@pytest.fixture(scope="module")
def quarantined_run(prefect_server, tmp_path_factory) -> dict[str, Path]:
    """One run: one article loaded; three quarantined (two of them with the same name in two folders)."""
    root = tmp_path_factory.mktemp("quarantine")
    ws = {"inbox": root / "inbox", "warehouse": root / "data" / "warehouse.duckdb", "reports": root / "data" / "reports"}
    write_file(ws["inbox"], "001_aaaaaaaaaaaaaaaa.txt", GOOD)
    write_file(ws["inbox"], "a/002_bbbbbbbbbbbbbbbb.txt", "no date")
    write_file(ws["inbox"], "b/002_bbbbbbbbbbbbbbbb.txt", " date 2024-13-45 Nope.")
    write_file(ws["inbox"], "003_cccccccccccccccc.txt", TOO_OLD)
    ingest_once(ws)
    return ws


def test_list_shows_each_quarantined_file_with_its_reason_and_copy(capsys, quarantined_run) -> None:
    ws = quarantined_run
    ((run_id, seen_at),) = query(ws, "select run_id, strftime(max(seen_at), '%Y-%m-%d %H:%M:%S.%f') from file_manifest group by run_id")
    inbox, copies = ws["inbox"].resolve(), ws["warehouse"].parent / "quarantine" / run_id
    assert listed(capsys, ws) == [
        "file_name,reason,stage,run_id,seen_at,path,quarantine_path",
        f"003_cccccccccccccccc.txt,{GX_DATE},validate,{run_id},{seen_at},{inbox}/003_cccccccccccccccc.txt,{copies}/003_cccccccccccccccc.txt",
        f"002_bbbbbbbbbbbbbbbb.txt,no date line,parse,{run_id},{seen_at},{inbox}/a/002_bbbbbbbbbbbbbbbb.txt,{copies}/a/002_bbbbbbbbbbbbbbbb.txt",
        f"002_bbbbbbbbbbbbbbbb.txt,invalid date 2024-13-45,parse,{run_id},{seen_at},{inbox}/b/002_bbbbbbbbbbbbbbbb.txt,{copies}/b/002_bbbbbbbbbbbbbbbb.txt",
    ]
    assert listed(capsys, ws, "--all") == listed(capsys, ws, "--live")


def test_list_json_and_the_view_agree(capsys, quarantined_run) -> None:
    code, out, _ = run_cli(capsys, "quarantine", "list", "--warehouse", str(quarantined_run["warehouse"]), "--format", "json")
    assert code == 0
    assert [(r["file_name"], r["stage"]) for r in json.loads(out)] == [
        ("003_cccccccccccccccc.txt", "validate"), ("002_bbbbbbbbbbbbbbbb.txt", "parse"), ("002_bbbbbbbbbbbbbbbb.txt", "parse"),
    ]
    inbox = str(quarantined_run["inbox"].resolve())
    assert query(quarantined_run, "select file_name, reason, inbox from quarantine_current order by path") == [
        ("003_cccccccccccccccc.txt", GX_DATE, inbox),
        ("002_bbbbbbbbbbbbbbbb.txt", "no date line", inbox),
        ("002_bbbbbbbbbbbbbbbb.txt", "invalid date 2024-13-45", inbox),
    ]


def test_retry_refuses_a_file_that_is_not_quarantined(capsys, quarantined_run) -> None:
    assert retry(capsys, quarantined_run, "001_aaaaaaaaaaaaaaaa.txt") == (
        1, "", "dateline: 001_aaaaaaaaaaaaaaaa.txt is not quarantined (`dateline quarantine list` shows the ones that are)\n"
    )


def test_retry_of_an_ambiguous_name_exits_2_naming_the_paths(capsys, quarantined_run) -> None:
    inbox = quarantined_run["inbox"].resolve()
    code, out, err = retry(capsys, quarantined_run, "002_bbbbbbbbbbbbbbbb.txt")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"dateline: error: 002_bbbbbbbbbbbbbbbb.txt names 2 quarantined files: "
        f"{inbox}/a/002_bbbbbbbbbbbbbbbb.txt, {inbox}/b/002_bbbbbbbbbbbbbbbb.txt; give its path"
    )


def test_retry_of_a_file_no_longer_in_the_landing_folder_says_to_put_it_back(capsys, quarantined_run) -> None:
    path = quarantined_run["inbox"] / "b" / "002_bbbbbbbbbbbbbbbb.txt"
    content = path.read_bytes()
    path.unlink()
    try:
        assert retry(capsys, quarantined_run, str(path)) == (
            1, "", f"dateline: {path.resolve()} no longer exists: put the fixed file back at that path, then retry\n"
        )
    finally:
        write_file(path.parent, path.name, content)


def test_retry_without_a_warehouse_exits_1(capsys, tmp_path) -> None:
    ws = {"warehouse": tmp_path / "none.duckdb", "reports": tmp_path / "reports"}
    assert retry(capsys, ws, "001_aaaaaaaaaaaaaaaa.txt") == (
        1, "", f"dateline: warehouse {tmp_path / 'none.duckdb'} does not exist: run `dateline run` first\n"
    )
    assert not holder_path(ws["warehouse"]).exists()


def test_retry_while_another_writer_holds_the_warehouse_exits_75(capsys, tmp_path) -> None:
    ws = {"warehouse": tmp_path / "w.duckdb", "reports": tmp_path / "reports"}
    ws["warehouse"].touch()
    holder = hold_writer_lock(ws["warehouse"], "run-1234")
    try:
        code, out, err = run_cli(capsys, "quarantine", "retry", "x.txt", "--warehouse", str(ws["warehouse"]), "--wait", "0")
        assert (code, out) == (75, "")
        assert err == (
            f"dateline: warehouse {ws['warehouse']} is being written by run run-1234 (PID {holder.pid}) "
            "since 2026-11-23T10:00:00+00:00; gave up after 0 s\n"
        )
    finally:
        holder.kill()
        holder.wait()


def test_retry_of_a_file_fixed_in_place_loads_it(capsys, prefect_server, workspace) -> None:
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", GOOD)
    bad = write_file(workspace["inbox"], "002_bbbbbbbbbbbbbbbb.txt", "no date")
    ingest_once(workspace)
    capsys.readouterr()
    write_file(workspace["inbox"], bad.name, article("2024-03-26", "Thailand and Laos signed a border deal."))

    code, out, err = retry(capsys, workspace, bad.name)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Run ") and lines[0].endswith(" succeeded")
    assert lines[1:7] == [
        "  files seen            1",
        "  new or changed        1",
        "  loaded                1",
        "  duplicate             0",
        "  quarantined           0",
        "  pending               0",
    ]
    assert lines[-1] == "002_bbbbbbbbbbbbbbbb.txt is no longer quarantined"
    assert listed(capsys, workspace) == ["file_name,reason,stage,run_id,seen_at,path,quarantine_path"]
    assert [row.split(",")[:3] for row in listed(capsys, workspace, "--all")[1:]] == [["002_bbbbbbbbbbbbbbbb.txt", "no date line", "parse"]]
    assert query(workspace, "select file_name, published_date::varchar from articles order by file_name") == [
        ("001_aaaaaaaaaaaaaaaa.txt", "2024-03-25"),
        ("002_bbbbbbbbbbbbbbbb.txt", "2024-03-26"),
    ]
    assert not is_held(workspace["warehouse"]) and not holder_path(workspace["warehouse"]).exists()


def test_retry_of_an_unchanged_file_reads_it_again_and_it_stays_quarantined(capsys, prefect_server, workspace) -> None:
    old = write_file(workspace["inbox"], "003_cccccccccccccccc.txt", TOO_OLD)
    ingest_once(workspace)
    capsys.readouterr()
    ((first_run,),) = query(workspace, "select run_id from run")

    code, out, err = retry(capsys, workspace, str(old))
    assert (code, err) == (1, f"dateline: 003_cccccccccccccccc.txt is still quarantined: {GX_DATE}\n")
    lines = out.splitlines()
    assert lines[1:7] == [
        "  files seen            1",
        "  new or changed        1",
        "  loaded                0",
        "  duplicate             0",
        "  quarantined           1",
        "  pending               0",
    ]
    assert lines[-2:] == ["Quarantined:", f"  003_cccccccccccccccc.txt: {GX_DATE}"]
    ((retry_run,),) = query(workspace, "select run_id from run where run_id <> ?", [first_run])
    rows = listed(capsys, workspace)
    assert [row.split(",")[:4] for row in rows[1:]] == [["003_cccccccccccccccc.txt", GX_DATE, "validate", retry_run]]
    assert len(listed(capsys, workspace, "--all")) == 3  # the header, the first quarantine, the retry's
    assert query(workspace, "select count(*) from articles") == [(0,)]
