"""Export the warehouse as Hive-partitioned Parquet for bigger engines (Spark, DuckDB, pandas).

Each exported object is one query in ``sql/export/<set>/<object>.sql``. A query whose header
says ``-- partition: month`` ends with a ``month`` column (YYYY-MM, the published date's month)
and is written partitioned by it, as ``DIR/<object>/month=YYYY-MM/*.parquet``; the others (small
dimensions) as ``DIR/<object>/data.parquet``. Either way ``DIR/<object>/**/*.parquet`` reads the whole object.

The export is written into a hidden folder beside DIR and renamed into place at the end, so a
failed export leaves no half-written DIR, and an existing DIR is replaced only as a whole.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

EXPORT_SQL = Path(__file__).resolve().parents[2] / "sql" / "export"
SETS = {"views": ("views",), "star": ("star",), "all": ("views", "star")}
PARTITION = "month"
PARTITIONED_RE = re.compile(r"^-- partition: month\b", re.MULTILINE)


@dataclass(frozen=True)
class Exported:
    name: str
    rows: int
    partitions: int  # 0: one unpartitioned file


class ExportError(Exception):
    """The export could not be written; nothing was left behind."""


def queries(objects: str) -> dict[str, str]:
    """The export query of every object in the set ``objects`` (views, star or all), by name."""
    return {
        path.stem: path.read_text(encoding="utf-8")
        for folder in SETS[objects]
        for path in sorted((EXPORT_SQL / folder).glob("*.sql"))
    }


def export(con: duckdb.DuckDBPyConnection, target: Path, *, objects: str = "views", overwrite: bool = False) -> list[Exported]:
    """Write every object of ``objects`` under ``target``; refuse a non-empty ``target`` unless
    ``overwrite``, and replace it whole when given."""
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is not a folder")
    if target.is_dir() and any(target.iterdir()) and not overwrite:
        raise ExportError(f"export folder {target} is not empty: give --overwrite to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    for pattern in (f".{target.name}.*.partial", f".{target.name}.*.old"):
        for leftover in target.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)  # from an export whose process was killed
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.mkdir()
    try:
        written = [_write(con, name, query, partial / name) for name, query in queries(objects).items()]
        _swap(partial, target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return written


def _write(con: duckdb.DuckDBPyConnection, name: str, query: str, folder: Path) -> Exported:
    try:
        relation = con.sql(query)
        if PARTITIONED_RE.search(query):
            relation.write_parquet(str(folder), partition_by=[PARTITION])
        if not any(folder.rglob("*.parquet")):  # not partitioned, or no rows to partition: one file, with the schema
            folder.mkdir(exist_ok=True)
            relation.write_parquet(str(folder / "data.parquet"))
    except duckdb.Error as exc:
        raise ExportError(f"{name}: {exc}") from None
    files = str(folder / "**" / "*.parquet")
    [(rows,)] = con.execute("select count(*) from read_parquet(?, hive_partitioning = true)", [files]).fetchall()
    partitions = sum(1 for p in folder.iterdir() if p.is_dir())
    return Exported(name, rows, partitions)


def _swap(partial: Path, target: Path) -> None:
    """Rename the finished export into place; an existing ``target`` is moved aside first and
    removed after, so a reader finds the old export, for an instant none, or the new one, never a mix."""
    old = target.with_name(f".{target.name}.{os.getpid()}.old")
    if target.is_dir() and any(target.iterdir()):
        os.replace(target, old)
    os.replace(partial, target)  # onto an empty folder, or none
    shutil.rmtree(old, ignore_errors=True)
