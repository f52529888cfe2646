"""Lean storage: a backfill replaces most rows, and the warehouse gives their space back
(rewritten with COPY FROM DATABASE and renamed into place), with every row unchanged."""

from __future__ import annotations

import duckdb

from checksums import warehouse_checksums
from conftest import SEEDS
from dateline.backfill import backfill
from dateline.ingest import ingest
from dateline.snapshot import compact, snapshot_path

BLOCK = 256 * 1024  # DuckDB's block size: the file grows and shrinks by whole blocks


def test_three_backfills_leave_the_warehouse_its_first_size_and_every_row_unchanged(prefect_server, tmp_path) -> None:
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    reports = tmp_path / "data" / "reports"
    ingest(inbox=str(SEEDS), warehouse_path=str(warehouse), reports_dir=str(reports), settle_seconds=0)
    loaded = warehouse.stat().st_size
    before = warehouse_checksums(warehouse)
    sizes = []
    for _ in range(3):
        summary = backfill(warehouse_path=str(warehouse), reports_dir=str(reports))
        assert (summary.status, summary.articles_rederived) == ("succeeded", 28)
        assert "compact" in summary.timings
        sizes.append(warehouse.stat().st_size)
    # Without the rewrite the file alternates between the first size and 13 blocks (3.3 MB) more:
    # the replaced rows' blocks are free but not at the end of the file. Compacted, it holds the
    # same rows plus three runs' history rows, which fit in at most two more blocks.
    assert all(size <= loaded + 2 * BLOCK for size in sizes), (loaded, sizes)
    assert warehouse_checksums(warehouse) == before
    assert warehouse_checksums(snapshot_path(warehouse)) == before
    con = duckdb.connect(str(snapshot_path(warehouse)), read_only=True)
    try:
        assert con.execute("select count(*), count(distinct file_name) from articles").fetchall() == [(28, 28)]
        assert con.execute("select flow_name, status from runs order by started_at").fetchall() == [
            ("dateline-ingest", "succeeded"), *[("dateline-backfill", "succeeded")] * 3
        ]
    finally:
        con.close()
    lock_files = {"warehouse.duckdb.lock", "warehouse.duckdb.lock.json"}  # the writer lock's, kept beside it
    left = sorted({p.name for p in warehouse.parent.iterdir()} - lock_files)
    assert left == ["reports", "warehouse.duckdb", "warehouse.snapshot.duckdb"]  # no copy left behind


def test_compact_rewrites_a_file_with_free_blocks_and_removes_a_killed_copy(tmp_path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("create table kept as select range as id, md5(range::varchar) as text from range(20000)")
    con.execute("create table dropped as select range as id, md5(range::varchar) as text from range(200000)")
    con.execute("create view kept_count as select count(*) as n from kept")
    con.execute("checkpoint")
    con.execute("create table after as select * from kept")  # written after the big table: the file cannot shrink from its end
    con.execute("drop table dropped")
    con.execute("checkpoint")
    bloated = warehouse.stat().st_size
    leftover = tmp_path / ".warehouse.duckdb.4242.compact"
    leftover.write_bytes(b"half a copy")
    con = compact(con, warehouse, lambda: duckdb.connect(str(warehouse)))
    try:
        assert con.execute("select n from kept_count").fetchall() == [(20000,)]
        assert con.execute("select count(*) from after").fetchall() == [(20000,)]
    finally:
        con.close()
    assert warehouse.stat().st_size < bloated / 2, (bloated, warehouse.stat().st_size)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse.duckdb"]
