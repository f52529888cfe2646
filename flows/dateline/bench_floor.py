"""The peer floor of `make bench`: the least a loader of these files can do. Read every file
under a folder, parse the ` date YYYY-MM-DD ` header, split off the headline, and insert the
rows into DuckDB through pandas. No validation, no extraction, no state: the time any
pipeline over the same files is compared with.

    python -m dateline.bench_floor --inbox DIR --warehouse FILE
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

HEADER_RE = re.compile(rb" date (\d{4}-\d{2}-\d{2}) ")


def read(inbox: Path) -> pd.DataFrame:
    rows = []
    for path in sorted(inbox.rglob("*.txt")):
        data = path.read_bytes()
        match = HEADER_RE.match(data)
        if match is None:
            continue
        text = data[match.end():].decode("utf-8", errors="replace")
        title, _, body = text.partition("\n\n")
        rows.append((path.name, match.group(1).decode(), title.strip(), body, hashlib.sha256(data).hexdigest()))
    frame = pd.DataFrame(rows, columns=["file_name", "published_date", "title", "body", "sha256"])
    frame["published_date"] = pd.to_datetime(frame["published_date"], errors="coerce").dt.date
    return frame


def load(frame: pd.DataFrame, warehouse: Path) -> int:
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create or replace table article as select * from frame")
        return con.execute("select count(*) from article").fetchone()[0]
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inbox", type=Path, required=True)
    parser.add_argument("--warehouse", type=Path, required=True)
    options = parser.parse_args(argv)
    start = time.perf_counter()
    rows = load(read(options.inbox), options.warehouse)
    print(f"{rows} articles loaded in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
