"""Fuzzing the landing folder with Hypothesis (fixed seed, no example database): random names,
bytes, headers and file kinds beside good articles.

Two layers: 500 examples through the pure path (discover → parse → triage, no Prefect), and 10
whole `dateline run`s over about 50 such files each. Every run exits 0 without a traceback,
every good file loads, and every other file has exactly one outcome with a reason."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from conftest import article, write_file

DATELINE = Path(sys.executable).parent / "dateline"
PURE_MAX_BYTES = 4096
RUN_MAX_BYTES = 2_000_000
TODAY = date(2026, 11, 30)
KINDS = ("file", "file", "file", "file", "empty", "big", "fifo", "symlink_out", "symlink_in", "nested", "device", "future")

_date_token = st.one_of(
    st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31)).map(date.isoformat),
    st.text(max_size=14),
    st.sampled_from(["\x1b[2J\x1b[31m", "2024-13-45", "2024-02-30", "٢٠٢٤-٠١-٠١", "", "2024-01-01\x00"]),
)
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
_content = st.one_of(
    st.binary(max_size=400),
    st.builds(lambda token, body: f" date {token} {body}".encode(), _date_token, _text),
    st.builds(lambda token, body: f"\ufeff date {token}\r\n{body}".encode(), _date_token, _text),
    st.builds(lambda token, body: f" date {token} {body}".encode("latin-1", "replace"), _date_token, _text),
    _text.map(str.encode),
)
_name_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
_name = st.one_of(
    st.builds(lambda n, h: f"{n:03d}_{h}.txt", st.integers(0, 10**22), st.text("0123456789abcdef", min_size=16, max_size=16)),
    st.text(_name_char, min_size=1, max_size=40).map(lambda t: t + ".txt"),
    st.binary(min_size=1, max_size=30).map(lambda b: os.fsdecode(b.replace(b"/", b"_").replace(b"\x00", b"_") + b".txt")),
    st.sampled_from(["٠٠١", "００１", "१२३", "１", "1\u0301"]).map(lambda d: f"{d}_7b111cd465cf5e84.txt"),
).filter(lambda n: not n.startswith(".") and len(os.fsencode(n)) <= 200)


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    content: bytes


_entry = st.builds(Entry, _name, st.sampled_from(KINDS), _content)


def entries(min_size: int, max_size: int):
    return st.lists(_entry, min_size=min_size, max_size=max_size, unique_by=lambda e: os.fsencode(e.name))


def build(inbox: Path, items: list[Entry], *, big: int, goods: int) -> tuple[set[str], set[str]]:
    """Create ``items`` and ``goods`` good articles below ``inbox``; return (every candidate path,
    the good paths), as the paths discover records them."""
    from dateline.discover import printable_path

    candidates, good = set(), set()
    outside = inbox.parent / "outside"
    write_file(outside, "article.txt", article("2024-03-01", "Outside the inbox."))
    for index, item in enumerate(items):
        folder = inbox / f"sub{index}" if item.kind == "nested" else inbox
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / item.name
        if item.kind in ("file", "nested"):
            write_file(folder, item.name, item.content)
        elif item.kind == "empty":
            write_file(folder, item.name, b"")
        elif item.kind == "big":
            with open(path, "wb") as handle:
                handle.truncate(big + 1)
        elif item.kind == "fifo":
            os.mkfifo(path)
        elif item.kind == "symlink_out":
            os.symlink(("/dev/zero", "/etc/passwd", str(outside / "article.txt"), "/nonexistent")[index % 4], path)
        elif item.kind == "symlink_in":
            target = write_file(inbox / "targets", f"t{index}.dat", item.content)
            os.symlink(target, path)
        elif item.kind == "device":
            try:
                os.mknod(path, stat.S_IFCHR | 0o644, os.makedev(1, 3))  # /dev/null
            except PermissionError:  # not root: a socket-free stand-in that is not a regular file either
                os.mkfifo(path)
        elif item.kind == "future":
            write_file(folder, item.name, item.content)
            os.utime(path, (time.time() + 10**8, time.time() + 10**8))
        candidates.add(printable_path(str(path)))
    for number in range(goods):
        path = write_file(inbox / "good", f"{900 + number}_{number:016x}.txt", article("2024-03-02", f"Good article {number} on Laos and Thailand."))
        candidates.add(str(path))
        good.add(str(path))
    write_file(inbox, ".hidden.txt", b"ignored")
    write_file(inbox, "notes.md", b"ignored")
    return candidates, good


FUZZ = settings(
    database=None,
    derandomize=False,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


@seed(20261130)
@settings(FUZZ, max_examples=500)
@given(items=entries(0, 8))
def test_fuzz_the_pure_path_gives_every_file_exactly_one_outcome(items: list[Entry]) -> None:
    from dateline import triage
    from dateline.discover import list_inbox, read_files

    with tempfile.TemporaryDirectory() as root:
        inbox = Path(root) / "inbox"
        inbox.mkdir()
        candidates, good = build(inbox, items, big=PURE_MAX_BYTES, goods=2)
        listing = list_inbox(inbox, pattern="*.txt", settle_seconds=0, now=time.time())
        versions, pending = read_files(list(listing.files), max_bytes=PURE_MAX_BYTES)
        parsed, rejected = triage.parse_versions(versions, run_id="fuzz", today=TODAY, max_bytes=PURE_MAX_BYTES)
        new, duplicates = triage.assign_versions(parsed, _no_articles())
        triage.manifest_rows(run_id="fuzz", seen_at=datetime(2026, 11, 30), loaded=new, duplicates=duplicates, rejected=rejected)

    outcomes = [*parsed["path"], *(r.version.state.path for r in rejected), *(p.path for p in pending)]
    assert sorted(outcomes) == sorted(candidates)  # each candidate once, nothing else
    assert listing.ignored >= 2  # .hidden.txt, notes.md (and the symlinks' *.dat targets)
    assert good <= set(parsed["path"])
    assert all(r.reason for r in rejected) and all(p.reason for p in pending)
    for row in parsed.itertuples():
        assert 0 <= row.seq_no <= 2**63 - 1
        row.path.encode("utf-8")  # what DuckDB stores: never a surrogate
        row.file_name.encode("utf-8")
        assert re.fullmatch(r"[0-9]+_[0-9a-f]{16}\.txt", row.file_name)


def _no_articles():
    import pandas as pd

    return pd.DataFrame(columns=["file_name", "version_no", "text_sha256", "article_version_key"])


@seed(20261130)
@settings(FUZZ, max_examples=10)
@given(items=entries(45, 55))
def test_fuzz_whole_runs_load_every_good_file_and_give_every_other_one_reason(items: list[Entry]) -> None:
    with tempfile.TemporaryDirectory() as root:
        inbox, warehouse = Path(root) / "inbox", Path(root) / "data" / "warehouse.duckdb"
        inbox.mkdir()
        candidates, good = build(inbox, items, big=RUN_MAX_BYTES, goods=5)
        result = subprocess.run(
            [str(DATELINE), "run", "--inbox", str(inbox), "--warehouse", str(warehouse), "--reports", str(Path(root) / "reports"),
             "--settle", "0", "--wait", "0"],
            capture_output=True, text=True, timeout=300,
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        assert result.returncode == 0, result.stderr
        pending = int(re.search(r"^  pending +(\d+)$", result.stdout, re.M).group(1))
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            manifest = con.execute("select path, outcome, reason from ingested_files").fetchall()
        finally:
            con.close()
    paths = [path for path, _, _ in manifest]
    assert len(paths) == len(set(paths)) and set(paths) <= candidates
    assert len(paths) + pending == len(candidates)
    assert {path for path, outcome, _ in manifest if outcome == "loaded"} >= good
    assert all(reason for _, outcome, reason in manifest if outcome != "loaded")
