"""`dateline export --format parquet DIR`: Hive-partitioned Parquet that DuckDB and pandas read
back row for row; an export is written whole or not at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from checksums import checksum
from dateline.cli import main
from dateline.export import PARTITIONED_RE, queries
from dateline.snapshot import snapshot_path

VIEWS = ["article_countries", "article_entities", "article_themes", "articles", "mentions", "runs"]
STAR = [
    "dim_article", "dim_country", "dim_date", "dim_entity", "dim_theme",
    "fact_article", "fact_article_country", "fact_article_theme", "fact_mention",
]
# What the export changes on the way: Parquet's INTERVAL is read by neither Spark nor pyarrow.
CHANGED = {"runs": ("duration", "duration_seconds")}


def _read_back(warehouse: Path, out: Path, name: str) -> dict[str, tuple[int, str]]:
    """Checksums of ``name`` in the warehouse, and of its export read by DuckDB and by pandas."""
    was, now = CHANGED.get(name, (None, None))
    con = duckdb.connect()
    try:
        con.execute(f"attach '{warehouse}' as wh (read_only)")
        con.execute(f"create table expected as select * {f'exclude ({was})' if was else ''} from wh.{name}")
        files = str(out / name / "**" / "*.parquet")
        dropped = ", ".join(c for c in ("month" if name in _partitioned() else None, now) if c)
        con.execute(
            f"create table by_duckdb as select * {f'exclude ({dropped})' if dropped else ''} "
            "from read_parquet(?, hive_partitioning = true)",
            [files],
        )
        frame = pd.read_parquet(out / name, dtype_backend="pyarrow")
        frame = frame.drop(columns=[c for c in ("month", now) if c and (c != "month" or name in _partitioned())])
        con.register("frame", frame)
        con.execute("create table by_pandas as select * from frame")
        return {t: checksum(con, t) for t in ("expected", "by_duckdb", "by_pandas")}
    finally:
        con.close()


def _partitioned() -> set[str]:
    return {name for name, query in queries("all").items() if PARTITIONED_RE.search(query)}


def test_export_of_the_seeded_snapshot_reads_back_in_duckdb_and_pandas_with_the_warehouse_rows(seeded, tmp_path, capsys):
    out = tmp_path / "parquet"
    code = main(["export", "--format", "parquet", str(out), "--objects", "all", "--warehouse", str(seeded)])
    printed = capsys.readouterr().out
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(VIEWS + STAR)
    assert printed.splitlines()[-1] == f"exported 15 objects to {out} (parquet)"
    assert not list(tmp_path.glob(".parquet.*"))  # the partial folder was renamed into place
    snapshot = snapshot_path(seeded)
    months = duckdb.connect(str(snapshot), read_only=True).execute(
        "select list(distinct strftime(published_date, '%Y-%m') order by 1) from articles"
    ).fetchone()[0]
    assert sorted(p.name for p in (out / "articles").iterdir()) == [f"month={m}" for m in months]
    assert [p.name for p in (out / "dim_entity").iterdir()] == ["data.parquet"]
    for name in VIEWS + STAR:
        sums = _read_back(snapshot, out, name)
        assert sums["expected"][0] > 0, name
        assert sums["by_duckdb"] == sums["expected"], name
        assert sums["by_pandas"] == sums["expected"], name


def test_export_refuses_a_folder_that_is_not_empty_and_replaces_it_whole_with_overwrite(seeded, tmp_path, capsys):
    out = tmp_path / "parquet"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["export", str(out), "--warehouse", str(seeded)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"dateline: error: export folder {out} is not empty: give --overwrite to replace it"
    )
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert main(["export", str(out), "--warehouse", str(seeded), "--overwrite"]) == 0
    assert sorted(p.name for p in out.iterdir()) == VIEWS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parquet"]  # nothing left beside it


def test_an_empty_folder_is_filled_and_star_exports_only_the_tables(seeded, tmp_path):
    out = tmp_path / "parquet"
    out.mkdir()
    assert main(["export", str(out), "--objects", "star", "--warehouse", str(seeded)]) == 0
    assert sorted(p.name for p in out.iterdir()) == STAR


def test_a_failed_export_leaves_no_folder_and_no_partial_files(seeded, tmp_path, capsys):
    warehouse = tmp_path / "broken.duckdb"
    shutil.copyfile(seeded, warehouse)
    con = duckdb.connect(str(warehouse))
    con.execute("drop view runs")  # the last view the export writes
    con.close()
    out = tmp_path / "parquet"
    assert main(["export", str(out), "--warehouse", str(warehouse), "--live"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dateline: export failed, nothing was written: ")
    assert "runs" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.duckdb"]


def test_export_reads_the_snapshot_and_says_so_when_there_is_none(tmp_path, capsys):
    warehouse = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(warehouse)).close()
    assert main(["export", str(tmp_path / "out"), "--warehouse", str(warehouse)]) == 1
    assert capsys.readouterr().err.startswith(f"dateline: no snapshot {snapshot_path(warehouse)} yet")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("objects", ["views", "star"])
def test_every_export_query_has_its_object_in_the_warehouse(objects, seeded):
    con = duckdb.connect(str(snapshot_path(seeded)), read_only=True)
    try:
        known = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    finally:
        con.close()
    assert set(queries(objects)) <= known
