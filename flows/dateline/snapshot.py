"""The analysts' copy: a read-only snapshot of the warehouse, published after each successful
run or backfill by writing a copy and renaming it over the last one.

DuckDB lets no other process open a file that a writer holds, not even read-only, so analysts
query the snapshot: a reader that has the old snapshot open keeps reading it, and the next
query opens the new one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb


def snapshot_path(warehouse: Path) -> Path:
    """data/warehouse.duckdb -> data/warehouse.snapshot.duckdb"""
    return warehouse.with_name(f"{warehouse.stem}.snapshot{warehouse.suffix or '.duckdb'}")


def publish(con: duckdb.DuckDBPyConnection, warehouse: Path) -> Path:
    """Checkpoint the open warehouse, copy its file, and atomically replace the snapshot.

    The caller holds the write connection ``con``, so nothing writes the file while it is copied.
    """
    con.execute("checkpoint")  # everything committed is in the main file; the WAL is empty
    target = snapshot_path(warehouse)
    for leftover in target.parent.glob(f".{target.name}.*.partial"):
        leftover.unlink(missing_ok=True)  # a copy whose writer was killed
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with open(warehouse, "rb") as source, open(partial, "wb") as copy:
            shutil.copyfileobj(source, copy, length=16 * 1024 * 1024)
            copy.flush()
            os.fsync(copy.fileno())
        partial.chmod(0o444)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    _fsync_dir(target.parent)
    return target


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
