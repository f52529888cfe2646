"""Output that fits: the table format follows the terminal's width, JSON is ISO 8601 with Z."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from dateline.cli import main
from dateline.render import as_json, fit, table

ROWS = [(1, "a" * 100, "short", date(2024, 1, 1)), (22, "b" * 30, None, None)]


def test_a_table_wider_than_the_width_cuts_its_widest_text_column_and_never_a_number_or_a_date() -> None:
    assert table(["n", "long", "s", "d"], ROWS, width=40) == (
        " n  long               s      d\n"
        "--  -----------------  -----  ----------\n"
        " 1  aaaaaaaaaaaaaaaa…  short  2024-01-01\n"
        "22  bbbbbbbbbbbbbbbb…  NULL   NULL"
    )


def test_a_table_that_fits_is_left_whole_and_wrap_continues_a_cell_on_the_next_lines() -> None:
    assert table(["n", "text"], [(1, "one two three four")], width=80) == "n  text\n-  ------------------\n1  one two three four"
    assert table(["n", "text"], [(1, "one two three four")], width=14, wrap=True) == (
        "n  text\n"
        "-  -----------\n"
        "1  one two\n"
        "   three four"
    )


def test_with_no_width_known_a_cell_is_cut_at_60_characters() -> None:
    assert table(["long"], [("x" * 100,)], width=None).splitlines()[2] == "x" * 59 + "…"


def test_fit_shares_the_width_among_the_widest_columns() -> None:
    assert fit([10, 50, 50], [True, True, True], 70) == [10, 28, 28]
    assert fit([10, 50, 50], [False, True, True], 20) == [10, 6, 6]  # at least 6: the line runs over
    assert fit([3, 4], [True, True], 80) == [3, 4]


def test_dateline_sql_fits_columns_80(capsys, monkeypatch, seeded) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    query = "select file_name, word_count, title, body from articles order by file_name limit 3"
    assert main(["sql", "--warehouse", str(seeded), query]) == 0
    assert capsys.readouterr().out == (
        "file_name               word_count  title                  body\n"
        "----------------------  ----------  ---------------------  ---------------------\n"
        "001_7b111cd465cf5e84.…         446  Japan has pledged a …  Japan has pledged a …\n"
        "002_94141491a7edd5c6.…         466  Soldiers from the Ar…  Soldiers from the Ar…\n"
        "003_a17031787ac766dc.…         441  Cambodia and Vietnam…  Cambodia and Vietnam…\n"
    )


def test_dateline_sql_in_a_terminal_of_60_columns_fits_it(seeded) -> None:
    """A real pseudo-terminal, 60 columns wide, and no $COLUMNS: the width comes from the terminal."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 60, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    query = "select file_name, title from articles order by file_name limit 2"
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "dateline"), "sql", "--warehouse", str(seeded), query],
        stdout=follower, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the terminal's last writer is gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    assert b"".join(chunks).decode("utf-8").splitlines() == [
        "file_name                 title",
        "------------------------  ----------------------------------",
        "001_7b111cd465cf5e84.txt  Japan has pledged a further $4.5 …",
        "002_94141491a7edd5c6.txt  Soldiers from the Armed Forces of…",
    ]


def test_json_timestamps_are_utc_with_z_intervals_iso_durations_blobs_hex_and_nan_null() -> None:
    row = (
        datetime(2024, 3, 25, 3, 0, 4, 500000),
        datetime(2024, 3, 25, 10, 0, 4, tzinfo=timezone(timedelta(hours=7))),
        datetime(2024, 3, 25, 3, 0, 4, tzinfo=UTC),
        timedelta(seconds=3.3),
        b"\x00\xff",
        float("nan"),
        date(2024, 3, 25),
    )
    assert json.loads(as_json(["ts", "tz", "utc", "duration", "blob", "nan", "day"], [row])) == [
        {
            "ts": "2024-03-25T03:00:04.500000Z",
            "tz": "2024-03-25T03:00:04Z",
            "utc": "2024-03-25T03:00:04Z",
            "duration": "PT3.3S",
            "blob": "00ff",
            "nan": None,
            "day": "2024-03-25",
        }
    ]


def test_dateline_sql_json_of_the_runs_view(capsys, seeded) -> None:
    assert main(["sql", "--warehouse", str(seeded), "--format", "json", "select started_at, duration from runs limit 1"]) == 0
    (run,) = json.loads(capsys.readouterr().out)
    assert run["started_at"].endswith("Z") and "T" in run["started_at"]
    assert run["duration"].startswith("PT") and run["duration"].endswith("S")
