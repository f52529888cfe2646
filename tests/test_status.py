"""`dateline status`: the source read, the writer, the last runs, the waiting files, the quarantine."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from conftest import article, hold_writer_lock, write_file
from dateline import snapshot, warehouse
from dateline.cli import main
from dateline.cli.status import RunRow, duration, fit_lines, landing_lines, quarantine_lines, reason_kind, runs_lines, writer_line
from dateline.lock import holder_path
from test_progress import Terminal

HINT = "  `dateline quarantine list` shows them; fix a file in place, then `dateline quarantine retry FILE`"


@pytest.fixture(autouse=True)
def _output_to_a_pipe(monkeypatch) -> None:
    """As a pipe gets it, unless a test sets COLUMNS."""
    monkeypatch.delenv("COLUMNS", raising=False)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- the pure formatting ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("no date line", "no date line"),
        ("empty file (0 bytes)", "empty file"),
        ("file too large (2000001 bytes, limit 2000000)", "file too large"),
        ("binary data (NUL byte at offset 8)", "binary data"),
        ("binary data (12 control characters)", "binary data"),
        ("not UTF-8 text (byte 0xe9 at offset 20)", "not UTF-8 text"),
        ("file name 'notes.txt' does not match NNN_HHHHHHHHHHHHHHHH.txt", "file name does not match NNN_HHHHHHHHHHHHHHHH.txt"),
        ("invalid date 2024-13-45", "invalid date"),
        ("date 2999-01-01 is in the future", "date in the future"),
        ("failed expect_column_values_to_be_between(published_date)", "failed expect_column_values_to_be_between(published_date)"),
        (
            "failed expect_column_values_to_be_between(published_date): 1850-01-01 not in [1900-01-01, 2100-12-31]",
            "failed expect_column_values_to_be_between(published_date)",
        ),
    ],
)
def test_reason_kind_drops_the_particulars(reason: str, kind: str) -> None:
    assert reason_kind(reason) == kind


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.04, "0.0 s"), (3.25, "3.2 s"), (59.9, "59.9 s"), (61, "1 min 01 s"), (3599, "59 min 59 s"), (7380, "2 h 03 min")],
)
def test_duration(seconds: float, text: str) -> None:
    assert duration(timedelta(seconds=seconds)) == text


def test_writer_line_names_a_live_holder_a_stale_one_or_nobody(tmp_path) -> None:
    holder = {"pid": 4242, "run_id": "run-1", "command": "run", "since": "2026-11-23T10:00:00+00:00"}
    lock = tmp_path / "w.duckdb.lock"
    assert writer_line(None, alive=False, lock_file=lock) == "Writer:     no run in progress"
    assert writer_line(holder, alive=True, lock_file=lock) == "Writer:     run run-1, PID 4242, command run, since 2026-11-23T10:00:00+00:00"
    assert writer_line({**holder, "run_id": None}, alive=True, lock_file=lock) == (
        "Writer:     run (starting), PID 4242, command run, since 2026-11-23T10:00:00+00:00"
    )
    assert writer_line(holder, alive=False, lock_file=lock) == (
        "Writer:     no run in progress (stale lock of run run-1, PID 4242, command run: its process is gone)"
    )
    assert writer_line({}, alive=False, lock_file=lock) == f"Writer:     unknown: the lock file {lock} cannot be read"


START = datetime(2024, 3, 25, 3, 0, 4)
RUNS = [
    RunRow(START + timedelta(hours=2), None, None, "dateline-ingest", "running", None, None, None, None, None, None),
    RunRow(
        START + timedelta(hours=1), START + timedelta(hours=1, seconds=75), timedelta(seconds=75), "dateline-backfill", "failed",
        0, 0, 0, 0, False, "PostLoadValidationError: post-load validation failed (fact_article.critical);\n the run was rolled back",
    ),
    RunRow(START, START + timedelta(seconds=8.25), timedelta(seconds=8.25), "dateline-ingest", "succeeded", 31, 28, 1, 2, True, None),
]


def test_runs_lines_show_every_state_with_the_error_cut_to_one_short_line() -> None:
    runs = RUNS
    assert runs_lines(runs) == [
        "Last 3 runs, newest first:",
        "  started               finished                duration  flow      status     new  loaded  duplicate  quarantined  validation  notes",
        "  --------------------  --------------------  ----------  --------  ---------  ---  ------  ---------  -----------  ----------  "
        + "-" * 60,
        "  2024-03-25 05:00:04Z  -                              -  ingest    running      -       -          -            -  not run",
        "  2024-03-25 04:00:04Z  2024-03-25 04:01:19Z  1 min 15 s  backfill  failed       0       0          0            0  FAILED      "
        "PostLoadValidationError: post-load validation failed (fact_…",
        "  2024-03-25 03:00:04Z  2024-03-25 03:00:12Z       8.2 s  ingest    succeeded   31      28          1            2  passed",
    ]
    assert runs_lines([]) == ["Runs: none yet"]
    assert runs_lines(runs, 200) == runs_lines(runs)  # the table fits: the table


def test_runs_lines_narrower_than_the_table_give_each_run_a_line_its_counts_and_its_note_cut_to_the_width() -> None:
    assert runs_lines(RUNS, 80) == [
        "Last 3 runs, newest first:",
        "  2024-03-25 05:00:04Z  ingest  running  -  validation not run",
        "  2024-03-25 04:00:04Z  backfill  failed  1 min 15 s  validation FAILED",
        "    0 new: 0 loaded, 0 duplicate, 0 quarantined",
        "    PostLoadValidationError: post-load validation failed (fact_article.critical…",
        "  2024-03-25 03:00:04Z  ingest  succeeded  8.2 s  validation passed",
        "    31 new: 28 loaded, 1 duplicate, 2 quarantined",
    ]
    assert runs_lines([], 80) == ["Runs: none yet"]


def test_fit_lines_wraps_a_longer_line_under_its_label_or_its_indent() -> None:
    assert fit_lines(["Read from:  the warehouse itself (--live); snapshot published 2026-11-30 15:36:59Z"], 60) == [
        "Read from:  the warehouse itself (--live); snapshot",
        "            published 2026-11-30 15:36:59Z",
    ]
    lines = [
        "Read from:  snapshot /a/very/long/path/to/the/warehouse.snapshot.duckdb, published 2026-11-30 15:36:59Z",
        HINT,
        "short",
    ]
    assert fit_lines(lines, 60) == [
        "Read from:  snapshot",
        "  /a/very/long/path/to/the/warehouse.snapshot.duckdb,",
        "  published 2026-11-30 15:36:59Z",
        "  `dateline quarantine list` shows them; fix a file in",
        "    place, then `dateline quarantine retry FILE`",
        "short",
    ]
    assert fit_lines(lines, None) == lines


def test_landing_lines_list_ten_names_then_count_the_rest() -> None:
    inbox = Path("/srv/landing")
    names = [f"{n:03d}_aaaaaaaaaaaaaaaa.txt" for n in range(1, 13)]
    assert landing_lines(inbox, "--inbox", names, []) == [
        "Landing folder /srv/landing (--inbox):",
        "  12 files waiting for the next run:",
        *(f"    {name}" for name in names[:10]),
        "    … and 2 more",
    ]
    assert landing_lines(inbox, "--inbox", [], [], exists=False) == ["Landing folder /srv/landing (--inbox): does not exist"]
    assert landing_lines(None, "", [], []) == ["Landing folder: unknown: no run has recorded one (--inbox names it)"]


def test_quarantine_lines_count_alike_reasons_together() -> None:
    rows = [
        ("parse", "binary data (NUL byte at offset 8)"),
        ("parse", "binary data (NUL byte at offset 99)"),
        ("parse", "no date line"),
        ("validate", "failed expect_column_values_to_be_between(published_date)"),
        ("parse", "binary data (40 control characters)"),
    ]
    assert quarantine_lines(rows) == [
        "Quarantine: 5 files quarantined",
        "  3  parse     binary data",
        "  1  parse     no date line",
        "  1  validate  failed expect_column_values_to_be_between(published_date)",
        HINT,
    ]
    assert quarantine_lines([]) == ["Quarantine: no file quarantined"]


# --- the command -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def after_one_run(prefect_server, tmp_path_factory) -> dict[str, Path]:
    """One run (one article loaded, one quarantined), then a file, a file in a subfolder and a partial download arrive."""
    root = tmp_path_factory.mktemp("status")
    inbox = root / "inbox"
    wh = root / "data" / "warehouse.duckdb"
    write_file(inbox, "001_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Cambodia and Japan held talks."))
    write_file(inbox, "002_bbbbbbbbbbbbbbbb.txt", "no date")
    code = main(["run", "--inbox", str(inbox), "--warehouse", str(wh), "--reports", str(root / "data" / "reports")])
    assert code == 0
    write_file(inbox, "003_cccccccccccccccc.txt", article("2024-03-26", "Thailand and Laos signed a deal."))
    write_file(inbox, "sub/005_eeeeeeeeeeeeeeee.txt", article("2024-03-27", "Vietnam hosted a summit."))
    write_file(inbox, "004_dddddddddddddddd.txt.part", "half")
    return {"inbox": inbox, "warehouse": wh}


def test_status_after_a_run_shows_the_run_the_waiting_files_and_the_quarantine(capsys, after_one_run) -> None:
    wh, inbox = after_one_run["warehouse"], after_one_run["inbox"].resolve()
    code, out, err = run_cli(capsys, "status", "--warehouse", str(wh))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Warehouse:  {wh}"
    assert re.fullmatch(rf"Read from:  snapshot {re.escape(str(snapshot.snapshot_path(wh)))}, published \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ", lines[1])
    assert lines[2:5] == ["Writer:     no run in progress", "", "Last run:"]
    assert lines[5:7] == [
        "  started               finished              duration  flow    status     new  loaded  duplicate  quarantined  validation  notes",
        "  --------------------  --------------------  --------  ------  ---------  ---  ------  ---------  -----------  ----------  -----",
    ]
    assert re.fullmatch(r"  (\S+ \S+Z  ){2}  +\d+\.\d s  ingest  succeeded    2       1          0            1  passed", lines[7])
    assert lines[8:] == [
        "",
        f"Landing folder {inbox} (the last run's inbox):",
        "  2 files waiting for the next run:",
        "    003_cccccccccccccccc.txt",
        "    sub/005_eeeeeeeeeeeeeeee.txt",
        "  1 file pending (partial or still being written):",
        "    004_dddddddddddddddd.txt.part: partial file",
        "",
        "Quarantine: 1 file quarantined",
        "  1  parse  no date line",
        HINT,
    ]


def test_status_live_with_another_inbox(capsys, after_one_run, tmp_path) -> None:
    other = tmp_path / "other"
    write_file(other, "001_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Cambodia and Japan held talks."))
    code, out, _ = run_cli(capsys, "status", "--live", "--warehouse", str(after_one_run["warehouse"]), "--inbox", str(other), "--runs", "1")
    assert code == 0
    lines = out.splitlines()
    assert re.fullmatch(r"Read from:  the warehouse itself \(--live\); snapshot published \S+ \S+Z", lines[1])
    assert lines[9:12] == [f"Landing folder {other.resolve()} (--inbox):", "  1 file waiting for the next run:", "    001_aaaaaaaaaaaaaaaa.txt"]


def test_status_names_the_live_writer_then_calls_its_lock_stale_once_it_is_gone(capsys, after_one_run) -> None:
    wh = after_one_run["warehouse"]
    holder = hold_writer_lock(wh, "run-1234")
    try:
        code, out, _ = run_cli(capsys, "status", "--warehouse", str(wh))
        assert code == 0
        assert out.splitlines()[2] == f"Writer:     run run-1234, PID {holder.pid}, command run, since 2026-11-23T10:00:00+00:00"
        holder.kill()
        holder.wait()
        code, out, _ = run_cli(capsys, "status", "--warehouse", str(wh))
        assert out.splitlines()[2] == f"Writer:     no run in progress (stale lock of run run-1234, PID {holder.pid}, command run: its process is gone)"
    finally:
        holder.kill()
        holder.wait()
        holder_path(wh).unlink(missing_ok=True)


def test_status_of_a_warehouse_with_no_runs(capsys, tmp_path) -> None:
    wh = tmp_path / "w.duckdb"
    con = warehouse.connect(wh)
    warehouse.migrate(con)
    snapshot.publish(con, wh)
    con.close()
    code, out, _ = run_cli(capsys, "status", "--warehouse", str(wh))
    assert code == 0
    assert out.splitlines()[2:] == [
        "Writer:     no run in progress",
        "",
        "Runs: none yet",
        "",
        "Landing folder: unknown: no run has recorded one (--inbox names it)",
        "",
        "Quarantine: no file quarantined",
    ]


def test_status_without_a_warehouse_exits_1(capsys, tmp_path) -> None:
    assert run_cli(capsys, "status", "--warehouse", str(tmp_path / "none.duckdb")) == (
        1, "", f"dateline: warehouse {tmp_path / 'none.duckdb'} does not exist: run `dateline run` first\n"
    )


def test_status_without_a_snapshot_says_live_reads_the_warehouse(capsys, tmp_path) -> None:
    wh = tmp_path / "w.duckdb"
    warehouse.connect(wh).close()
    assert run_cli(capsys, "status", "--warehouse", str(wh)) == (
        1, "",
        f"dateline: no snapshot {tmp_path / 'w.snapshot.duckdb'} yet: one is published after each successful run; "
        "--live reads the warehouse itself\n",
    )


def test_status_runs_must_be_positive(capsys, tmp_path) -> None:
    code, out, err = run_cli(capsys, "status", "--warehouse", str(tmp_path / "w.duckdb"), "--runs", "0")
    assert (code, out, err.splitlines()[-1]) == (2, "", "dateline: error: --runs must be 1 or more")


def _status_at_80(capsys, monkeypatch, wh: Path) -> list[str]:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run_cli(capsys, "status", "--warehouse", str(wh))
    assert (code, err) == (0, "")
    return out.splitlines()


def test_status_with_columns_80_fits_80_columns(capsys, monkeypatch, after_one_run) -> None:
    wh, inbox = after_one_run["warehouse"], after_one_run["inbox"].resolve()
    lines = _status_at_80(capsys, monkeypatch, wh)
    assert [line for line in lines if len(line) > 80] == []
    assert lines[0] == f"Warehouse:  {wh}"
    read_from = lines[1 : lines.index("Writer:     no run in progress")]  # wrapped under its label
    assert all(line.startswith("  ") for line in read_from[1:]), read_from
    published = rf"Read from:  snapshot {re.escape(str(snapshot.snapshot_path(wh)))}, published \S+ \S+Z"
    assert re.fullmatch(published, " ".join(line.strip() if i else line for i, line in enumerate(read_from))), read_from
    at = lines.index("Last run:")
    assert re.fullmatch(r"  \S+ \S+Z  ingest  succeeded  \d+\.\d s  validation passed", lines[at + 1]), lines[at + 1]
    assert lines[at + 2 :] == [
        "    2 new: 1 loaded, 0 duplicate, 1 quarantined",
        "",
        *fit_lines([f"Landing folder {inbox} (the last run's inbox):"], 80),
        "  2 files waiting for the next run:",
        "    003_cccccccccccccccc.txt",
        "    sub/005_eeeeeeeeeeeeeeee.txt",
        "  1 file pending (partial or still being written):",
        "    004_dddddddddddddddd.txt.part: partial file",
        "",
        "Quarantine: 1 file quarantined",
        "  1  parse  no date line",
        "  `dateline quarantine list` shows them; fix a file in place, then `dateline",
        "    quarantine retry FILE`",
    ]


def test_status_on_an_80_column_terminal_fits_it_as_with_columns_80(capsys, monkeypatch, after_one_run, tmp_path) -> None:
    wh = after_one_run["warehouse"]
    expected = _status_at_80(capsys, monkeypatch, wh)
    term = Terminal(["status", "--warehouse", str(wh)], cwd=tmp_path, width=80)  # no COLUMNS: the terminal's own width
    assert term.finish(timeout=120) == 0
    written = term.raw.decode().split("\r\n")
    assert [line for line in written if len(line) > 80] == []
    assert written[:-1] == expected and written[-1] == ""
