"""Hostile and unlucky inputs (issue 10): one bad file never blocks the good ones, no hangs, no
traceback. One whole `dateline run` over an inbox holding a sample of every bad kind beside good
articles; each defect's test checks its own files in that run's outcome."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import SEEDS, article, write_file

DATELINE = Path(sys.executable).parent / "dateline"
GOOD = sorted(SEEDS.glob("*.txt"))[:5]  # 001 … 005
ESC_DATE = "\x1b[2J\x1b[31m"
OSC_TITLE = "\x1b]0;pwned\x07Cambodia opens a new port"
NOT_UTF8 = os.fsdecode(b"300_\xff\xfe.txt")
SHOWN_NOT_UTF8 = "300_\\xff\\xfe.txt"  # how the warehouse and the terminal show it
ARABIC_INDIC = "\u0660\u0660\u0661_7b111cd465cf5e84.txt"  # ٠٠١: not the real 001
FUTURE = time.mktime((2030, 1, 1, 0, 0, 0, 0, 0, -1))


def dateline(*args: str, timeout: float = 180, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(DATELINE), *args], capture_output=True, text=True, timeout=timeout, **kwargs)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


def build_hostile_inbox(root: Path) -> Path:
    inbox = root / "inbox"
    for path in GOOD:
        write_file(inbox, path.name, path.read_bytes())
    good_text = article("2024-03-20", "Thailand and Laos signed a rail agreement on Tuesday.")
    # D1: a sequence number above BIGINT
    write_file(inbox, "99999999999999999999_1600a35a099950d8.txt", good_text)
    # D2: a name that is not UTF-8
    write_file(inbox, NOT_UTF8, good_text)
    # D3: a symlink to /dev/zero, and the device itself inside the inbox
    os.symlink("/dev/zero", inbox / "400_aaaaaaaaaaaaaaaa.txt")
    os.mknod(inbox / "410_aaaaaaaaaaaaaaaa.txt", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    # D4: FIFOs, one with an article's name
    os.mkfifo(inbox / "a.txt")
    os.mkfifo(inbox / "401_aaaaaaaaaaaaaaaa.txt")
    # D5: symlinks leaving the inbox, and one inside it
    outside = root / "outside"
    write_file(outside, "article.txt", article("2024-03-21", "Vietnam and Japan held naval talks in Hanoi."))
    os.symlink("/etc/shadow", inbox / "402_aaaaaaaaaaaaaaaa.txt")
    os.symlink(outside / "article.txt", inbox / "403_aaaaaaaaaaaaaaaa.txt")
    os.symlink(inbox / GOOD[0].name, inbox / "405_aaaaaaaaaaaaaaaa.txt")
    # D6: a 1 GB sparse file
    with open(inbox / "406_aaaaaaaaaaaaaaaa.txt", "wb") as handle:
        handle.truncate(1 << 30)
    os.utime(inbox / "406_aaaaaaaaaaaaaaaa.txt", (time.time() - 3600, time.time() - 3600))
    # D7: an mtime in 2030
    path = write_file(inbox, "407_aaaaaaaaaaaaaaaa.txt", article("2024-03-22", "Myanmar and India reopened a border crossing."))
    os.utime(path, (FUTURE, FUTURE))
    # D9: Arabic-Indic digits
    write_file(inbox, ARABIC_INDIC, article("2024-03-23", "Malaysia and Brunei agreed on fishing rights."))
    # D10: terminal control characters in a bad date and in a title
    write_file(inbox, "408_aaaaaaaaaaaaaaaa.txt", f" date {ESC_DATE} Anything.")
    write_file(inbox, "409_aaaaaaaaaaaaaaaa.txt", article("2024-03-24", OSC_TITLE, "The port in Kampot opened on Monday."))
    return inbox


EXPECTED = {
    # file name: (outcome, reason)
    **{path.name: ("loaded", None) for path in GOOD},
    "99999999999999999999_1600a35a099950d8.txt": (
        "quarantined", "file name '99999999999999999999_1600a35a099950d8.txt' has a sequence number above 9223372036854775807"
    ),
    SHOWN_NOT_UTF8: ("quarantined", f"file name '{SHOWN_NOT_UTF8}' is not UTF-8 (byte 0xff at offset 4)"),
    "400_aaaaaaaaaaaaaaaa.txt": ("quarantined", "symlink outside the inbox"),
    "410_aaaaaaaaaaaaaaaa.txt": ("quarantined", "not a regular file (character device)"),
    "a.txt": ("quarantined", "not a regular file (FIFO)"),
    "401_aaaaaaaaaaaaaaaa.txt": ("quarantined", "not a regular file (FIFO)"),
    "402_aaaaaaaaaaaaaaaa.txt": ("quarantined", "symlink outside the inbox"),
    "403_aaaaaaaaaaaaaaaa.txt": ("quarantined", "symlink outside the inbox"),
    "405_aaaaaaaaaaaaaaaa.txt": ("duplicate", f"same text as {GOOD[0].name}"),
    "406_aaaaaaaaaaaaaaaa.txt": ("quarantined", "file too large (1073741824 bytes, limit 2000000)"),
    "407_aaaaaaaaaaaaaaaa.txt": ("loaded", None),
    ARABIC_INDIC: ("quarantined", f"file name '{ARABIC_INDIC}' does not match NNN_HHHHHHHHHHHHHHHH.txt"),
    "408_aaaaaaaaaaaaaaaa.txt": ("quarantined", f"invalid date {ESC_DATE}"),
    "409_aaaaaaaaaaaaaaaa.txt": ("loaded", None),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("hostile")
    inbox = build_hostile_inbox(root)
    ws = {
        "root": root,
        "inbox": inbox,
        "warehouse": root / "data" / "warehouse.duckdb",
        "snapshot": root / "data" / "warehouse.snapshot.duckdb",
        "quarantine": root / "data" / "quarantine",
    }
    started = time.monotonic()
    result = dateline(
        "run", "--inbox", str(inbox), "--warehouse", str(ws["warehouse"]), "--reports", str(root / "data" / "reports"),
        "--quarantine", str(ws["quarantine"]), "--wait", "0", timeout=300,
    )
    ws["seconds"] = time.monotonic() - started
    ws["result"] = result
    ws["run_id"] = re.match(r"Run (\S+) succeeded", result.stdout).group(1) if result.returncode == 0 else None
    return ws


def outcomes(ws: dict) -> dict[str, tuple[str, str | None]]:
    return {name: (outcome, reason) for name, outcome, reason in rows(ws["warehouse"], "select file_name, outcome, reason from ingested_files")}


def test_the_hostile_run_exits_0_and_every_file_has_exactly_its_outcome(hostile) -> None:
    result = hostile["result"]
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert outcomes(hostile) == EXPECTED
    assert rows(hostile["warehouse"], "select count(*) from ingested_files") == [(len(EXPECTED),)]
    assert "  loaded                7" in result.stdout.splitlines()


def test_d1_a_seq_number_beyond_64_bits_is_quarantined_and_the_good_files_load(hostile) -> None:
    assert outcomes(hostile)["99999999999999999999_1600a35a099950d8.txt"] == EXPECTED["99999999999999999999_1600a35a099950d8.txt"]
    assert rows(hostile["warehouse"], "select file_name from articles order by file_name")[:5] == [(p.name,) for p in GOOD]


def test_d1_the_parser_refuses_a_seq_number_that_does_not_fit_a_bigint() -> None:
    from dateline.parse import ArticleError, parse_file_name

    assert parse_file_name("9223372036854775807_1600a35a099950d8.txt").seq_no == 2**63 - 1
    with pytest.raises(ArticleError, match="has a sequence number above 9223372036854775807"):
        parse_file_name("9223372036854775808_1600a35a099950d8.txt")


def test_d2_a_name_that_is_not_utf8_is_quarantined_under_a_printable_name(hostile) -> None:
    assert outcomes(hostile)[SHOWN_NOT_UTF8] == EXPECTED[SHOWN_NOT_UTF8]
    copy = Path(rows(hostile["warehouse"], f"select quarantine_path from quarantined_files where file_name = '{SHOWN_NOT_UTF8}'")[0][0])
    assert copy.name == SHOWN_NOT_UTF8 and copy.read_bytes() == (hostile["inbox"] / NOT_UTF8).read_bytes()
    assert f"  {SHOWN_NOT_UTF8}: file name '{SHOWN_NOT_UTF8}' is not UTF-8 (byte 0xff at offset 4)" in hostile["result"].stdout.splitlines()


def test_d3_dev_zero_is_never_read(hostile) -> None:
    got = outcomes(hostile)
    assert got["400_aaaaaaaaaaaaaaaa.txt"] == ("quarantined", "symlink outside the inbox")
    assert got["410_aaaaaaaaaaaaaaaa.txt"] == ("quarantined", "not a regular file (character device)")
    assert hostile["seconds"] < 120


def test_d3_the_read_itself_stops_at_max_bytes(tmp_path) -> None:
    from dateline.discover import list_inbox, read_files

    write_file(tmp_path, "001_aaaaaaaaaaaaaaaa.txt", b"x" * 5000)
    write_file(tmp_path, "002_aaaaaaaaaaaaaaaa.txt", b"x" * 100)
    listing = list_inbox(tmp_path, pattern="*.txt", settle_seconds=0, now=time.time())
    versions, pending = read_files(list(listing.files), max_bytes=1000)
    assert pending == []
    assert [(v.state.file_name, v.sha256, v.raw) for v in versions] == [
        ("001_aaaaaaaaaaaaaaaa.txt", "", None),
        ("002_aaaaaaaaaaaaaaaa.txt", hashlib.sha256(b"x" * 100).hexdigest(), b"x" * 100),
    ]


def test_d4_fifos_are_never_opened(hostile) -> None:
    got = outcomes(hostile)
    assert got["a.txt"] == got["401_aaaaaaaaaaaaaaaa.txt"] == ("quarantined", "not a regular file (FIFO)")
    assert hostile["seconds"] < 120


def test_d5_symlinks_leaving_the_inbox_are_quarantined_unread_and_copies_are_private(hostile) -> None:
    got = outcomes(hostile)
    assert got["402_aaaaaaaaaaaaaaaa.txt"] == got["403_aaaaaaaaaaaaaaaa.txt"] == ("quarantined", "symlink outside the inbox")
    assert got["405_aaaaaaaaaaaaaaaa.txt"] == ("duplicate", f"same text as {GOOD[0].name}")  # inside: followed
    run_dir = hostile["quarantine"] / hostile["run_id"]
    assert not (run_dir / "402_aaaaaaaaaaaaaaaa.txt").exists() and not (run_dir / "403_aaaaaaaaaaaaaaaa.txt").exists()
    assert (run_dir / "402_aaaaaaaaaaaaaaaa.txt.reason.txt").read_text() == "symlink outside the inbox\n"
    shadow = Path("/etc/shadow").read_bytes() if os.access("/etc/shadow", os.R_OK) else None
    assert stat.S_IMODE(run_dir.stat().st_mode) == 0o700
    files = [p for p in hostile["quarantine"].rglob("*") if p.is_file()]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert shadow is None or all(p.read_bytes() != shadow for p in files)
    assert rows(hostile["warehouse"], "select quarantine_path from quarantined_files where file_name = '402_aaaaaaaaaaaaaaaa.txt'") == [(None,)]


def test_d6_a_file_above_max_bytes_is_recorded_but_never_copied(hostile) -> None:
    assert outcomes(hostile)["406_aaaaaaaaaaaaaaaa.txt"] == ("quarantined", "file too large (1073741824 bytes, limit 2000000)")
    assert rows(hostile["warehouse"], "select quarantine_path, sha256 from quarantined_files where file_name = '406_aaaaaaaaaaaaaaaa.txt'") == [
        (None, "")
    ]
    assert not (hostile["quarantine"] / hostile["run_id"] / "406_aaaaaaaaaaaaaaaa.txt").exists()
    assert sum(p.stat().st_size for p in hostile["quarantine"].rglob("*") if p.is_file()) < 10_000


def test_d7_a_file_dated_in_the_future_is_settled_and_loads(hostile) -> None:
    assert outcomes(hostile)["407_aaaaaaaaaaaaaaaa.txt"] == ("loaded", None)
    assert "  pending               0" in hostile["result"].stdout.splitlines()


def test_d9_only_ascii_digits_make_a_seq_number(hostile) -> None:
    assert outcomes(hostile)[ARABIC_INDIC] == EXPECTED[ARABIC_INDIC]
    assert rows(hostile["warehouse"], "select file_name from dim_article where seq_no = 1") == [(GOOD[0].name,)]


def test_d9_the_parser_refuses_full_width_digits() -> None:
    from dateline.parse import ArticleError, parse_file_name

    with pytest.raises(ArticleError, match="does not match"):
        parse_file_name("\uff10\uff10\uff11_7b111cd465cf5e84.txt")  # ００１


def test_d10_control_characters_are_escaped_on_output_and_kept_in_the_data(hostile) -> None:
    out = hostile["result"].stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "  408_aaaaaaaaaaaaaaaa.txt: invalid date \\x1b[2J\\x1b[31m" in out.splitlines()
    assert rows(hostile["warehouse"], "select title from articles where file_name = '409_aaaaaaaaaaaaaaaa.txt'") == [(OSC_TITLE,)]
    common = ["--warehouse", str(hostile["warehouse"])]
    table = dateline("sql", *common, "select title, reason from (select title from articles where file_name = '409_aaaaaaaaaaaaaaaa.txt'), "
                     "(select reason from quarantined_files where file_name = '408_aaaaaaaaaaaaaaaa.txt')")
    assert table.returncode == 0 and "\x1b" not in table.stdout and "\x07" not in table.stdout
    assert table.stdout.splitlines()[2] == "\\x1b]0;pwned\\x07Cambodia opens a new port  invalid date \\x1b[2J\\x1b[31m"
    listed = dateline("quarantine", "list", *common)
    assert listed.returncode == 0 and "\x1b" not in listed.stdout
    status = dateline("status", *common)
    assert status.returncode == 0 and "\x1b" not in status.stdout
    as_json = dateline("sql", *common, "--format", "json", "select title from articles where file_name = '409_aaaaaaaaaaaaaaaa.txt'")
    assert "\x1b" not in as_json.stdout and json.loads(as_json.stdout) == [{"title": OSC_TITLE}]


def needs_setpriv() -> None:
    if os.geteuid() != 0 or not Path(DROP[0]).exists():
        pytest.skip("needs root and setpriv to drop the permission override")


def test_d11_a_file_this_user_cannot_read_is_pending_with_its_reason_in_status(hostile) -> None:
    needs_setpriv()
    locked = write_file(hostile["inbox"], "420_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Laos opened a bridge."))
    locked.chmod(0)
    try:
        status = unprivileged("status", "--warehouse", str(hostile["warehouse"]), "--inbox", str(hostile["inbox"]))
    finally:
        locked.unlink()
    no_traceback(status)
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert "    420_aaaaaaaaaaaaaaaa.txt: unreadable: Permission denied" in lines
    assert "    420_aaaaaaaaaaaaaaaa.txt" not in lines  # not "waiting"


DROP = ["/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"]


def unprivileged(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """`dateline` as root without the override of file permissions, as an ordinary user sees them."""
    return subprocess.run([*DROP, str(DATELINE), *args], capture_output=True, text=True, timeout=timeout)


# --- `dateline sql` is truly read-only ---------------------------------------------------------


def refused_statements(warehouse: Path, target: Path) -> list[tuple[str, str | None]]:
    """(statement, the one line it is refused with); ``warehouse`` is the file to attach for writing."""
    no_access = "file system operations are disabled by configuration"
    return [
        (f"attach '{warehouse}' as l (read_only false); update l.dim_article set title = 'changed'",
         f'dateline: SQL error: Permission Error: Cannot access file "{warehouse}" - {no_access}'),
        (f"copy (select 1 as a) to '{target}'", f'dateline: SQL error: Permission Error: Cannot access file "{target}" - {no_access}'),
        ("select * from read_text('/etc/passwd')", f'dateline: SQL error: Permission Error: Cannot access file "/etc/passwd" - {no_access}'),
        ("select * from read_csv('/etc/shadow')", f'dateline: SQL error: Permission Error: Cannot access file "/etc/shadow" - {no_access}'),
        ("install httpfs", None),
        ("set enable_external_access = true",
         'dateline: SQL error: Invalid Input Error: Cannot change configuration option ""enable_external_access"" - the configuration has been locked'),
    ]


@pytest.mark.parametrize("live", [False, True], ids=["snapshot", "live"])
def test_d12_dateline_sql_cannot_write_read_other_files_or_install(hostile, tmp_path, live) -> None:
    wh, snap = hostile["warehouse"], hostile["snapshot"]
    target = tmp_path / "victim.txt"
    target.write_text("keep me\n")
    before = (sha256(wh), sha256(snap))
    for statement, message in refused_statements(snap if live else wh, target):  # the file not opened
        result = dateline("sql", "--warehouse", str(wh), *(["--live"] if live else []), statement)
        no_traceback(result)
        assert (result.returncode, result.stdout) == (1, ""), statement
        assert len(result.stderr.splitlines()) == 1, result.stderr
        if message is None:  # INSTALL: refused before any download
            assert result.stderr.startswith("dateline: SQL error: Permission Error: ") and "disabled" in result.stderr, result.stderr
        else:
            assert result.stderr == message + "\n", statement
        assert (sha256(wh), sha256(snap)) == before, statement
        assert target.read_text() == "keep me\n"
    assert rows(wh, "select count(*) from articles where title = 'changed'") == [(0,)]


def test_d12_allow_files_opens_one_folder_for_copy_to(hostile, tmp_path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    query = "copy (select file_name from articles order by file_name limit 2) to '{}' (header)"
    result = dateline("sql", "--warehouse", str(hostile["warehouse"]), "--allow-files", str(out), query.format(out / "two.csv"))
    assert (result.returncode, result.stderr) == (0, "")
    assert (out / "two.csv").read_text() == f"file_name\n{GOOD[0].name}\n{GOOD[1].name}\n"
    elsewhere = dateline("sql", "--warehouse", str(hostile["warehouse"]), "--allow-files", str(out), query.format(tmp_path / "x.csv"))
    assert elsewhere.returncode == 1 and not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("text", ["", ";", "-- c", " ;\n-- only a comment\n"])
def test_d13_sql_with_no_statement_is_one_line_exit_2(hostile, text) -> None:
    result = dateline("sql", "--warehouse", str(hostile["warehouse"]), text)
    no_traceback(result)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == "dateline: error: the SQL text holds no statement"


# --- damaged or read-only files: one line, never a traceback ------------------------------------


@pytest.mark.parametrize("damage", ["empty", "random header"])
def test_d14_a_damaged_snapshot_or_warehouse_is_named_with_what_to_do(hostile, tmp_path, damage) -> None:
    wh, snap = tmp_path / "warehouse.duckdb", tmp_path / "warehouse.snapshot.duckdb"
    wh.write_bytes(hostile["warehouse"].read_bytes())
    snap.write_bytes(b"" if damage == "empty" else os.urandom(8192))
    bad_snapshot = (
        f"dateline: snapshot {snap} is not a DuckDB database (not a valid DuckDB file): "
        "the next successful `dateline run` publishes it again; meanwhile --live reads the warehouse\n"
    )
    for args in (["sql", "select 1"], ["status"], ["quarantine", "list"]):
        result = dateline(*args, "--warehouse", str(wh))
        assert (result.returncode, result.stdout, result.stderr) == (1, "", bad_snapshot), args
    assert dateline("sql", "--live", "--warehouse", str(wh), "--format", "csv", "select count(*) as n from articles").stdout == "n\n7\n"

    wh.write_bytes(b"" if damage == "empty" else os.urandom(8192))
    bad_warehouse = (
        f"dateline: warehouse {wh} is not a DuckDB database (not a valid DuckDB file): "
        f"restore it from the snapshot (cp {snap} {wh}), or move it away to start a new one\n"
    )
    for args in (["run", "--inbox", str(hostile["inbox"])], ["sql", "--live", "select 1"], ["status", "--live"], ["quarantine", "list", "--live"]):
        result = dateline(*args, "--warehouse", str(wh))
        assert (result.returncode, result.stdout, result.stderr) == (1, "", bad_warehouse), args


def test_d15_a_read_only_folder_or_file_is_one_line(hostile, tmp_path) -> None:
    needs_setpriv()
    folder = tmp_path / "ro"
    folder.mkdir()
    wh = folder / "warehouse.duckdb"
    wh.write_bytes(hostile["warehouse"].read_bytes())
    (folder / "warehouse.snapshot.duckdb").write_bytes(hostile["snapshot"].read_bytes())
    folder.chmod(0o555)
    try:
        result = unprivileged("run", "--inbox", str(hostile["inbox"]), "--warehouse", str(wh), "--wait", "0")
        no_traceback(result)
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == f"dateline: cannot take the writer lock {wh}.lock: Permission denied\n"
        reading = unprivileged("sql", "--warehouse", str(wh), "select count(*) as n from articles", "--format", "csv")
        assert (reading.returncode, reading.stdout, reading.stderr) == (0, "n\n7\n", "")
    finally:
        folder.chmod(0o755)
    wh.chmod(0o444)
    result = unprivileged("run", "--inbox", str(hostile["inbox"]), "--warehouse", str(wh), "--wait", "0")
    no_traceback(result)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"dateline: cannot write the warehouse {wh}: permission denied (the file and its folder must be writable by this user)\n"
    )


def test_d16_a_broken_lock_file_is_not_a_holder(tmp_path) -> None:
    from dateline.lock import WriterLock, holder_path, is_held, lock_path

    wh = tmp_path / "warehouse.duckdb"
    for junk in (b"", b"[1, 2]", b"\xff\xfe garbage", b'{"pid": "x"}'):
        lock_path(wh).write_bytes(junk)
        holder_path(wh).write_bytes(junk)
        started = time.monotonic()
        with WriterLock(wh) as lock:
            lock.acquire(wait_seconds=5, command="run")
            assert is_held(wh)
        assert time.monotonic() - started < 1, junk
        assert not is_held(wh) and not holder_path(wh).exists()


def test_d16_a_lock_taken_on_a_full_disk_does_not_block_the_next_run(tmp_path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        inbox = tmp_path / "inbox"
        write_file(inbox, GOOD[0].name, GOOD[0].read_bytes())
        (disk / "data").mkdir()
        filler = disk / "filler"
        with open(filler, "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError:
                pass
        wh = disk / "data" / "warehouse.duckdb"
        common = ["run", "--inbox", str(inbox), "--warehouse", str(wh), "--reports", str(tmp_path / "reports"), "--wait", "0"]
        full = dateline(*common)
        no_traceback(full)
        assert (full.returncode, full.stdout) == (1, "")
        assert len(full.stderr.splitlines()) == 1 and "No space left on device" in full.stderr, full.stderr
        filler.unlink()
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        again = dateline(*common)
        no_traceback(again)
        assert again.returncode == 0, again.stderr
        assert "  loaded                1" in again.stdout.splitlines()
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


# --- options -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "http://", "javascript:alert(1)"])
def test_d24_a_webhook_must_be_http_or_https(tmp_path, url) -> None:
    result = dateline("run", "--inbox", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb"), "--webhook", url)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == f"dateline: error: webhook {url!r} is not an http:// or https:// URL"
    env = {**os.environ, "DATELINE_WEBHOOK_URL": url}
    from_env = dateline("run", "--inbox", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb"), env=env)
    assert from_env.returncode == 2 and not (tmp_path / "w.duckdb").exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
@pytest.mark.parametrize("command", [["run"], ["backfill", "--all"], ["quarantine", "retry", "x.txt"]])
def test_wait_nan_is_refused_with_exit_2(tmp_path, command, value) -> None:
    result = dateline(*command, "--warehouse", str(tmp_path / "w.duckdb"), f"--wait={value}")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == f"dateline: error: --wait must be 0 or more seconds, got '{value}'"


def test_d26_json_has_null_for_nan_and_infinity_and_iso_8601(hostile) -> None:
    query = (
        "select 'nan'::double as a, 'infinity'::double as b, '-infinity'::float as c, 2.5::double as d, "
        "interval '1 day 2 hours 3 minutes 4.5 seconds' as e, timestamp '2024-01-02 03:04:05' as f, "
        "date '2024-01-02' as g, time '03:04:05' as h, 1.5::decimal(3, 1) as i, [1.0, 'nan'::double] as j"
    )
    result = dateline("sql", "--warehouse", str(hostile["warehouse"]), "--format", "json", query)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} is not JSON")) == [
        {"a": None, "b": None, "c": None, "d": 2.5, "e": "P1DT2H3M4.5S", "f": "2024-01-02T03:04:05Z", "g": "2024-01-02",
         "h": "03:04:05", "i": 1.5, "j": [1.0, None]}
    ]


@pytest.mark.parametrize("command", [["run", "--settle=nan"], ["serve", "--interval", "60", "--settle=nan"]])
def test_wait_nan_and_settle_nan_are_refused_before_anything_starts(tmp_path, command) -> None:
    result = dateline(*command, "--inbox", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == "dateline: error: --settle must be 0 or more seconds, got 'nan'"
    assert not (tmp_path / "w.duckdb").exists()
