"""Checksums of warehouse tables, to compare two warehouses or a warehouse before and after."""

from __future__ import annotations

import duckdb

# Columns that name the run that wrote a row or when: two warehouses built by different runs
# from the same files differ in these and nothing else.
RUN_COLUMNS = frozenset(
    {"run_id", "file_version_key", "loaded_at", "seen_at", "checked_at", "quarantined_at", "quarantine_path", "run_name"}
)
# Tables that are the run history itself.
HISTORY_TABLES = frozenset({"run", "validation_result", "validation_failure", "schema_version"})


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("select table_name from duckdb_tables() order by table_name").fetchall()]


def checksum(con: duckdb.DuckDBPyConnection, table: str, *, where: str = "true", exclude: frozenset[str] = frozenset()) -> tuple[int, str]:
    """(row count, md5 over the sorted md5s of every row) of ``table``'s rows matching ``where``,
    without the ``exclude`` columns. Equal checksums: the same rows, byte for byte."""
    columns = [
        c for (c,) in con.execute(
            "select column_name from duckdb_columns() where table_name = ? order by column_index", [table]
        ).fetchall()
        if c not in exclude
    ]
    quoted = ", ".join(f'"{c}"' for c in columns)
    row = f"cast(row({quoted}) as varchar)"
    query = (
        f"select count(*), coalesce(md5(string_agg(md5({row}), '' order by md5({row}))), '') "
        f"from {table} where {where}"
    )
    count, digest = con.execute(query).fetchone()
    return count, digest


def warehouse_checksums(path, *, exclude: frozenset[str] = RUN_COLUMNS, skip: frozenset[str] = HISTORY_TABLES) -> dict[str, tuple[int, str]]:
    """The checksum of every table but the run history, without the columns that name a run."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: checksum(con, t, exclude=exclude) for t in tables(con) if t not in skip}
    finally:
        con.close()
