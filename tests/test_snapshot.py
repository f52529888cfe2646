"""The analysts' snapshot: a read-only copy replaced atomically, readers of the old one undisturbed."""

from __future__ import annotations

import os
import stat

import duckdb

from dateline.snapshot import publish, snapshot_path


def test_snapshot_path_sits_beside_the_warehouse(tmp_path) -> None:
    assert snapshot_path(tmp_path / "warehouse.duckdb") == tmp_path / "warehouse.snapshot.duckdb"
    assert snapshot_path(tmp_path / "w.db") == tmp_path / "w.snapshot.db"


def test_publish_replaces_the_copy_while_a_reader_keeps_the_old_one(tmp_path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    (tmp_path / ".warehouse.snapshot.duckdb.999.partial").write_bytes(b"left by a killed run")
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create table t as select 1 as n")
        first = publish(con, warehouse)
        assert first == snapshot_path(warehouse)
        assert stat.S_IMODE(os.stat(first).st_mode) == 0o444
        assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse.duckdb", "warehouse.snapshot.duckdb"]

        reader = duckdb.connect(str(first), read_only=True)  # an analyst's session on the first snapshot
        con.execute("insert into t values (2)")  # committed, not yet published
        assert reader.execute("select count(*) from t").fetchone() == (1,)
        publish(con, warehouse)
        assert reader.execute("select count(*) from t").fetchone() == (1,)  # still the copy it opened
        reader.close()
    finally:
        con.close()
    fresh = duckdb.connect(str(snapshot_path(warehouse)), read_only=True)
    try:
        assert fresh.execute("select n from t order by n").fetchall() == [(1,), (2,)]
    finally:
        fresh.close()
