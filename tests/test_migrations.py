"""Numbered migrations: a warehouse of an earlier release upgrades to exactly what a new one is."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT
from dateline import warehouse

RELEASE_0_1_0 = Path(__file__).parent / "fixtures" / "schema-0.1.0.sql"


def _columns(con) -> dict[str, list[tuple]]:
    rows = con.execute(
        "select table_name, column_name, data_type, is_nullable from duckdb_columns() "
        "where schema_name = 'main' and not internal order by table_name, column_index"
    ).fetchall()
    out: dict[str, list[tuple]] = {}
    for table, *column in rows:
        out.setdefault(table, []).append(tuple(column))
    return out


def _release_0_1_0(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute(RELEASE_0_1_0.read_text(encoding="utf-8"))
    con.execute(
        "insert into run (run_id, flow_name, status, started_at) values ('old-run', 'dateline-ingest', 'succeeded', '2026-11-01 10:00:00')"
    )
    return con


def test_every_table_of_the_registry_has_its_sql_and_every_table_file_is_registered() -> None:
    names = {t.name for t in warehouse.TABLES}
    files = {p.stem for p in (PROJECT / "sql" / "tables").glob("*.sql")} - {"schema_version"}
    assert names == files
    assert {p.stem for p in (PROJECT / "sql" / "load").glob("*.sql")} >= set(warehouse.LOAD_ORDER)
    assert tuple(n for n in warehouse.LOAD_ORDER if n.startswith(("dim_", "fact_"))) == warehouse.DERIVED_ORDER


def test_a_new_warehouse_starts_at_the_latest_migration(tmp_path) -> None:
    con = warehouse.connect(tmp_path / "new.duckdb")
    warehouse.migrate(con)
    latest = max((v for v, _ in warehouse.migrations()), default=0)
    assert con.execute("select version, name from schema_version").fetchall() == [(latest, "new warehouse")]
    assert warehouse.schema_version(con) == latest


def test_a_warehouse_of_release_0_1_0_upgrades_to_the_schema_of_a_new_one(tmp_path) -> None:
    con = _release_0_1_0(tmp_path / "old.duckdb")
    assert warehouse.schema_version(con) == 0
    warehouse.migrate(con)
    new = warehouse.connect(tmp_path / "new.duckdb")
    warehouse.migrate(new)
    assert _columns(con) == _columns(new)
    assert con.execute("select run_id, status from run").fetchall() == [("old-run", "succeeded")]
    applied = [v for (v,) in con.execute("select version from schema_version order by version").fetchall()]
    assert applied == [v for v, _ in warehouse.migrations()]
    warehouse.migrate(con)  # a second migrate applies nothing again
    assert con.execute("select count(*) from schema_version").fetchone()[0] == len(applied)


def test_a_migration_file_with_a_bad_name_is_refused(tmp_path) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "7_add_x.sql").write_text("select 1", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^migration 7_add_x.sql must be named NNN_name.sql$"):
        warehouse.migrations(tmp_path)
