"""The analysts' snapshot: a read-only copy replaced atomically, readers of the old one undisturbed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import duckdb

from dateline.snapshot import SNAPSHOT_STORAGE_VERSION, publish, snapshot_path


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


def test_the_snapshot_is_written_in_the_storage_version_the_duckdb_cli_reads(tmp_path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create table t as select 1 as n")
        con.execute("comment on table t is 'one row'")
        con.execute("create view v as select n + 1 as m from t")
        target = publish(con, warehouse)
        assert con.execute("select tags['storage_version'] from duckdb_databases() where database_name = current_database()").fetchone() == (
            "v2.0.0+",
        )
    finally:
        con.close()
    reader = duckdb.connect(str(target), read_only=True)
    try:
        assert reader.execute("select tags['storage_version'] from duckdb_databases() where database_name = current_database()").fetchone() == (
            f"{SNAPSHOT_STORAGE_VERSION}+",
        )
        assert reader.execute("select comment from duckdb_tables() where table_name = 't'").fetchone() == ("one row",)
        assert reader.execute("select m from v").fetchall() == [(2,)]
    finally:
        reader.close()


def test_the_readme_duckdb_command_runs_on_the_published_snapshot(seeded) -> None:
    """README "Operations": `duckdb -readonly data/warehouse.snapshot.duckdb "select count(*) from articles"`
    with the duckdb CLI that `make run` installs into the venv (duckdb-cli, pinned)."""
    cli = Path(sys.executable).parent / "duckdb"
    done = subprocess.run(
        [str(cli), "-readonly", str(snapshot_path(seeded)), "select count(*) from articles"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "┌──────────────┐\n"
        "│ count_star() │\n"
        "│    int64     │\n"
        "├──────────────┤\n"
        "│           28 │\n"
        "└──────────────┘\n"
    )


def _published(warehouse: Path, query: str) -> list[tuple]:
    reader = duckdb.connect(str(snapshot_path(warehouse)), read_only=True)
    try:
        return reader.execute(query).fetchall()
    finally:
        reader.close()


def test_a_nothing_new_publication_rewrites_only_the_run_table_of_an_up_to_date_snapshot(tmp_path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create table run (run_id varchar, status varchar)")
        con.execute("create table articles as select 1 as n")
        con.execute("insert into run values ('r1', 'succeeded')")
        publish(con, warehouse)
        con.execute("insert into run values ('r2', 'nothing_new')")
        con.execute("update articles set n = 5")  # not published: the snapshot is a copy of the old file plus `run`
        publish(con, warehouse, changed=("run",))
        assert _published(warehouse, "select * from run order by run_id") == [("r1", "succeeded"), ("r2", "nothing_new")]
        assert _published(warehouse, "select n from articles") == [(1,)]
        assert _published(warehouse, "select tags['storage_version'] from duckdb_databases() where database_name = current_database()") == [
            (f"{SNAPSHOT_STORAGE_VERSION}+",)
        ]
    finally:
        con.close()


def test_a_run_that_loaded_but_did_not_publish_makes_the_next_publication_a_whole_copy(tmp_path) -> None:
    """A run killed after its commit, before it published: the next nothing-new run must not
    publish only its run row on top of the stale snapshot."""
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create table run (run_id varchar, status varchar)")
        con.execute("create table articles as select 1 as n")
        con.execute("insert into run values ('r1', 'succeeded')")
        publish(con, warehouse)
        con.execute("insert into run values ('r2', 'abandoned')")  # it loaded, then was killed
        con.execute("update articles set n = 2")
        con.execute("insert into run values ('r3', 'nothing_new')")
        publish(con, warehouse, changed=("run",))
        assert _published(warehouse, "select n from articles") == [(2,)]
        assert _published(warehouse, "select count(*) from run") == [(3,)]
    finally:
        con.close()
