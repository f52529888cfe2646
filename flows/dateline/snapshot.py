"""The analysts' copy: a read-only snapshot of the warehouse, published after each successful
run or backfill by writing a copy and renaming it over the last one. After a backfill, the
warehouse itself is first rewritten compactly (``compact``).

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
import shutil
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

import duckdb

# The storage format of the snapshot: the newest that the pinned duckdb CLI (duckdb-cli in
# requirements.lock) reads. Raise it when that CLI moves to DuckDB 2.
SNAPSHOT_STORAGE_VERSION = "v1.5.0"
_ALIAS = "dateline_snapshot"


def snapshot_path(warehouse: Path) -> Path:
    """data/warehouse.duckdb -> data/warehouse.snapshot.duckdb"""
    return warehouse.with_name(f"{warehouse.stem}.snapshot{warehouse.suffix or '.duckdb'}")


def publish(
    con: duckdb.DuckDBPyConnection,
    warehouse: Path,
    *,
    changed: Collection[str] | None = None,
    appended: Mapping[str, str] | None = None,
    run_id: str | None = None,
) -> Path:
    """Write a copy of the open warehouse in SNAPSHOT_STORAGE_VERSION beside it, flush it to disk,
    and atomically replace the snapshot with it.

    ``changed``: the only tables that changed since the last publication, rewritten whole;
    ``appended``: tables that only gained rows since then, in groups of rows named by a key
    column (an ingest run adds article versions, never rows to an existing one), copied by the
    groups the snapshot lacks; ``run_id``: the run publishing, the one run the snapshot may
    lack. When the published snapshot is otherwise the warehouse's twin (``_twin``), the copy
    starts from it, byte for byte, and only those tables are written, so the cost follows what
    the run wrote, not the warehouse: a nothing-new run rewrites its ``run`` table only (0.1 s on
    the Reuters warehouse), an ingest run its small tables and the groups it appended. The copy
    is then checked table by table (row counts); any difference, or ``changed`` None, and DuckDB
    writes the whole copy instead. The caller holds the write connection ``con``, so nothing
    writes the warehouse meanwhile.
    """
    con.execute("checkpoint")  # everything committed is in the main file; the WAL is empty
    target = snapshot_path(warehouse)
    for leftover in target.parent.glob(f".{target.name}.*.partial*"):
        leftover.unlink(missing_ok=True)  # a copy whose writer was killed (and its WAL)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    name = con.execute("select current_database()").fetchone()[0]
    source = _quoted(name)
    appended = dict(appended or {})
    try:
        updated = (
            changed is not None
            and _twin(con, name, target, {*changed, *appended}, run_id)
            and _update(con, name, target, partial, changed, appended)
        )
        if not updated:
            partial.unlink(missing_ok=True)
            con.execute(f"attach ? as {_ALIAS} (storage_version ?)", [str(partial), SNAPSHOT_STORAGE_VERSION])
            try:
                con.execute(f"copy from database {source} to {_ALIAS}")
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


def _update(
    con: duckdb.DuckDBPyConnection, name: str, target: Path, partial: Path, changed: Collection[str], appended: Mapping[str, str]
) -> bool:
    """Write ``partial`` as the published snapshot brought up to date: ``changed`` tables rewritten,
    the groups of ``appended`` tables it lacks inserted. Whether every table then has the row
    count of the warehouse's (else the caller writes a whole copy)."""
    source = _quoted(name)
    shutil.copyfile(target, partial)  # the kernel copies (sendfile); it keeps the file's storage version
    partial.chmod(0o644)
    con.execute(f"attach ? as {_ALIAS}", [str(partial)])
    try:
        for table in changed:
            con.execute(f"delete from {_ALIAS}.{_quoted(table)}")
            con.execute(f"insert into {_ALIAS}.{_quoted(table)} select * from {source}.{_quoted(table)}")
        for table, key in appended.items():
            t, k = _quoted(table), _quoted(key)
            con.execute(
                f"insert into {_ALIAS}.{t} select * from {source}.{t} where {k} not in (select distinct {k} from {_ALIAS}.{t})"
            )
        tables = [row[0] for row in con.execute(_TABLES, [name]).fetchall()]
        for table in tables:
            counts = [con.execute(f"select count(*) from {db}.{_quoted(table)}").fetchone() for db in (source, _ALIAS)]
            if counts[0] != counts[1]:
                return False
        con.execute(f"checkpoint {_ALIAS}")
        return True
    finally:
        con.execute(f"detach {_ALIAS}")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _twin(con: duckdb.DuckDBPyConnection, name: str, target: Path, changed: Collection[str], run_id: str | None = None) -> bool:
    """Whether the published snapshot equals the warehouse but for the tables ``changed``: it is in
    SNAPSHOT_STORAGE_VERSION, has the same catalog (tables, columns, types, views, comments) and
    the same row count in every other table, and every run the warehouse records was published
    with the status it has now, but nothing-new runs (which change no other table) and the run
    ``run_id`` publishing now. A run that loaded and was killed before it published (or a
    backfill, which replaces rows) fails the last test, so it is never skipped."""
    if not target.is_file():
        return False
    source, published = _quoted(name), "dateline_published"
    try:
        con.execute(f"attach ? as {published} (read_only)", [str(target)])
    except duckdb.Error:
        return False  # damaged or unreadable: write a whole new copy
    try:
        version = con.execute("select tags['storage_version'] from duckdb_databases() where database_name = ?", [published]).fetchone()
        if version != (f"{SNAPSHOT_STORAGE_VERSION}+",):
            return False
        catalogs = [con.execute(_CATALOG, [db]).fetchall() for db in (name, published)]
        if catalogs[0] != catalogs[1]:
            return False
        if _migrations(con, source) != _migrations(con, published):
            return False  # a migration may have changed rows anywhere
        tables = [row[0] for row in con.execute(_TABLES, [name]).fetchall() if row[0] not in changed]
        for table in tables:
            counts = [con.execute(f"select count(*) from {db}.{_quoted(table)}").fetchone() for db in (source, published)]
            if counts[0] != counts[1]:
                return False
        unpublished = con.execute(
            f"select count(*) from (select run_id, status from {source}.run except select run_id, status from {published}.run) "
            "where status <> 'nothing_new' and run_id is distinct from ?",
            [run_id],
        ).fetchone()
        return unpublished == (0,)
    finally:
        con.execute(f"detach {published}")


def _migrations(con: duckdb.DuckDBPyConnection, db: str) -> tuple | None:
    try:
        return con.execute(f"select list(version order by version) from {db}.schema_version").fetchone()
    except duckdb.CatalogException:
        return None  # not a warehouse made by migrate()


_TABLES = "select table_name from duckdb_tables() where database_name = ? and schema_name = 'main' order by table_name"
_CATALOG = """
select table_name, column_index, column_name, data_type, comment from duckdb_columns() where database_name = $1
union all
select view_name, -1, sql, null, comment from duckdb_views() where database_name = $1 and not internal
union all
select table_name, -2, null, null, comment from duckdb_tables() where database_name = $1
order by all
"""


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
