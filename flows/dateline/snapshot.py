"""The analysts' copy: a read-only snapshot of the warehouse, published after each successful
run or backfill by writing a copy and renaming it over the last one.

DuckDB lets no other process open a file that a writer holds, not even read-only, so analysts
query the snapshot: a reader that has the old snapshot open keeps reading it, and the next
query opens the new one.

The copy is written by DuckDB itself (``COPY FROM DATABASE`` into a file attached with
``STORAGE_VERSION``), in the storage format of DuckDB 1.5, rather than copied byte for byte: the
warehouse is in DuckDB 2.0's format (storage version 69), which the duckdb CLI on the package
index (duckdb-cli 1.5.6, reading versions 64 to 68) cannot open. DuckDB 2.0 reads either.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

# The storage format of the snapshot: the newest that the pinned duckdb CLI (duckdb-cli in
# requirements.lock) reads. Raise it when that CLI moves to DuckDB 2.
SNAPSHOT_STORAGE_VERSION = "v1.5.0"
_ALIAS = "dateline_snapshot"


def snapshot_path(warehouse: Path) -> Path:
    """data/warehouse.duckdb -> data/warehouse.snapshot.duckdb"""
    return warehouse.with_name(f"{warehouse.stem}.snapshot{warehouse.suffix or '.duckdb'}")


def publish(con: duckdb.DuckDBPyConnection, warehouse: Path) -> Path:
    """Write a copy of the open warehouse in SNAPSHOT_STORAGE_VERSION beside it, flush it to disk,
    and atomically replace the snapshot with it.

    The caller holds the write connection ``con``, so nothing writes the warehouse while it is copied.
    """
    con.execute("checkpoint")  # everything committed is in the main file; the WAL is empty
    target = snapshot_path(warehouse)
    for leftover in target.parent.glob(f".{target.name}.*.partial*"):
        leftover.unlink(missing_ok=True)  # a copy whose writer was killed (and its WAL)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    source = con.execute("select current_database()").fetchone()[0].replace('"', '""')
    try:
        con.execute(f"attach ? as {_ALIAS} (storage_version ?)", [str(partial), SNAPSHOT_STORAGE_VERSION])
        try:
            con.execute(f'copy from database "{source}" to {_ALIAS}')
            con.execute(f"checkpoint {_ALIAS}")
        finally:
            con.execute(f"detach {_ALIAS}")
        with open(partial, "rb") as copy:
            os.fsync(copy.fileno())
        partial.chmod(0o444)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + ".wal").unlink(missing_ok=True)
    _fsync_dir(target.parent)
    return target


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
