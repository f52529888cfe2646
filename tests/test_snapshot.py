"""The analysts' snapshot: a read-only copy replaced atomically, readers of the old one undisturbed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

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


_AFTER_INGEST = {"changed": ("run", "schema_version", "dims"), "appended": {"facts": "article_version_key"}, "run_id": "r2"}


def _ingest_tables(con) -> None:
    con.execute("create table run (run_id varchar, status varchar)")
    con.execute("create table schema_version as select 1 as version")
    con.execute("create table facts (article_version_key varchar, n integer)")
    con.execute("create table dims (name varchar)")
    con.execute("insert into run values ('r1', 'succeeded')")
    con.execute("insert into facts values ('a-v1', 1), ('a-v1', 2), ('b-v1', 3)")
    con.execute("insert into dims values ('x')")


def _an_ingest_run(con) -> None:
    con.execute("insert into run values ('r2', 'succeeded')")
    con.execute("insert into facts values ('c-v1', 4), ('c-v1', 5)")
    con.execute("delete from dims")
    con.execute("insert into dims values ('y'), ('z')")


def test_an_ingest_publication_copies_the_groups_of_rows_the_run_appended_and_rewrites_the_rest(tmp_path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        _ingest_tables(con)
        publish(con, warehouse)
        _an_ingest_run(con)
        con.execute("update facts set n = 10 where n = 1")  # an old group: not copied again, which shows the copy was partial
        publish(con, warehouse, **_AFTER_INGEST)
        assert _published(warehouse, "select * from facts order by n") == [("a-v1", 1), ("a-v1", 2), ("b-v1", 3), ("c-v1", 4), ("c-v1", 5)]
        assert _published(warehouse, "select name from dims order by name") == [("y",), ("z",)]
        assert _published(warehouse, "select run_id from run order by run_id") == [("r1",), ("r2",)]
        assert _published(warehouse, "select tags['storage_version'] from duckdb_databases() where database_name = current_database()") == [
            (f"{SNAPSHOT_STORAGE_VERSION}+",)
        ]
    finally:
        con.close()


@pytest.mark.parametrize(
    "change",
    [
        "delete from facts where n = 1",  # a group lost a row: the counts differ
        "insert into schema_version values (2)",  # a migration may have changed any row
        "insert into run values ('r0', 'failed')",  # a run that loaded and never published
    ],
)
def test_an_ingest_publication_writes_a_whole_copy_when_the_snapshot_is_not_the_twin_it_needs(tmp_path, change) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        _ingest_tables(con)
        publish(con, warehouse)
        _an_ingest_run(con)
        con.execute("update facts set n = 10 where n = 2")
        con.execute(change)
        publish(con, warehouse, **_AFTER_INGEST)
        published = _published(warehouse, "select * from facts order by all")
        con.execute("checkpoint")
        assert published == con.execute("select * from facts order by all").fetchall()
        assert ("a-v1", 10) in published
    finally:
        con.close()


def test_after_ingest_runs_that_add_and_version_articles_the_snapshot_equals_the_warehouse(prefect_server, tmp_path) -> None:
    from checksums import warehouse_checksums
    from conftest import SEEDS
    from dateline.ingest import ingest

    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse.duckdb"
    inbox.mkdir()
    samples = sorted(SEEDS.glob("*.txt"))
    batches = [samples[:14], samples[14:]]
    for number, batch in enumerate(batches):
        for path in batch:
            (inbox / path.name).write_bytes(path.read_bytes())
        if number:  # a new version of a file the first run loaded
            changed = inbox / samples[0].name
            changed.write_bytes(changed.read_bytes() + b"\nA late paragraph about Tokyo.\n")
        for path in inbox.iterdir():
            os.utime(path, (path.stat().st_mtime - 3600 * (number + 1),) * 2)
        summary = ingest(inbox=inbox, warehouse_path=warehouse, reports_dir=tmp_path / "reports", settle_seconds=0)
        assert (summary.status, summary.files_loaded) == ("succeeded", [14, 15][number])
        everything = {"exclude": frozenset(), "skip": frozenset()}
        assert warehouse_checksums(snapshot_path(warehouse), **everything) == warehouse_checksums(warehouse, **everything)
