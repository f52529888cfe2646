"""The analysts' copy: a read-only snapshot of the warehouse, published after each successful
run or backfill by writing a copy and renaming it over the last one. After a backfill, the
warehouse itself is first rewritten compactly (``compact``).

DuckDB lets no other process open a file that a writer holds, not even read-only, so analysts
query the snapshot: a reader that has the old snapshot open keeps reading it, and the next
query opens the new one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
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


def compact(
    con: duckdb.DuckDBPyConnection, warehouse: Path, reconnect: Callable[[], duckdb.DuckDBPyConnection]
) -> duckdb.DuckDBPyConnection:
    """Reclaim the space of replaced rows: rewrite the warehouse into a fresh file with
    ``COPY FROM DATABASE`` and rename it over the old one; return a connection to it.

    DuckDB's CHECKPOINT frees the blocks of deleted rows for reuse but only gives back free
    blocks at the end of the file, so a backfill, which replaces most rows, leaves the file
    up to half empty; VACUUM reclaims nothing. The caller holds the writer lock and ``con``,
    the only connection. If the copy fails, the warehouse is left as it was and ``con``
    stays open; once the copy is complete, the old file is closed and replaced, and the
    returned connection is ``reconnect()``, to the new one (it should wait for a reader, such as
    `dateline sql --live`, that opened the warehouse in between)."""
    con.execute("checkpoint")
    for leftover in warehouse.parent.glob(f".{warehouse.name}.*.compact"):
        leftover.unlink(missing_ok=True)  # a copy whose writer was killed
    fresh = warehouse.with_name(f".{warehouse.name}.{os.getpid()}.compact")
    [(name,)] = con.execute("select current_database()").fetchall()
    quoted = '"' + name.replace('"', '""') + '"'  # an identifier: COPY FROM DATABASE takes no parameter
    try:
        con.execute("attach ? as compacted", [str(fresh)])
        try:
            con.execute(f"copy from database {quoted} to compacted")
        finally:
            con.execute("detach compacted")
        with open(fresh, "rb+") as copy:
            os.fsync(copy.fileno())
    except BaseException:
        fresh.unlink(missing_ok=True)
        raise
    con.close()
    try:
        os.replace(fresh, warehouse)
        _fsync_dir(warehouse.parent)
    finally:
        fresh.unlink(missing_ok=True)
        con = reconnect()
    return con
