"""One entity per real-world person or organisation across documents (issue 13): a surname
resolves to the only full name ending in it, spellings of an organisation are one entity,
the surface stays on the mention, and the result does not depend on how files were split
into runs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from conftest import article, write_file
from dateline.ingest import ingest

FILES = {
    "001_0000000000000001.txt": article("2024-03-04", "Ronald Reagan met Japanese leaders in Tokyo on Monday.",
                                        "The talks covered trade."),
    "002_0000000000000002.txt": article("2024-03-05", "President Reagan said on Tuesday that talks would go on.",
                                        "Officials agreed."),
    "003_0000000000000003.txt": article("2024-03-06", "The Organization for Economic Cooperation and Development said growth would slow.",
                                        "Its report was published on Wednesday."),
    "004_0000000000000004.txt": article("2024-03-07", "The Organisation for Economic Co-operation and Development cut its forecast.",
                                        "Economists agreed with it."),
}
NANCY = ("005_0000000000000005.txt", article("2024-03-08", "Nancy Reagan visited a school in Ohio on Friday.", "Pupils sang."))


def run(root: Path, warehouse: Path, names: list[str], extra: dict[str, str] | None = None, **options) -> None:
    inbox = root / "inbox"
    for name in names:
        write_file(inbox, name, (extra or FILES)[name])
    summary = ingest(inbox=str(inbox), warehouse_path=str(warehouse), reports_dir=str(root / "reports"), settle_seconds=0,
                     **options)
    assert summary.status == "succeeded", summary


def rows(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


PEOPLE_AND_ORGS = "select entity_type, name from dim_entity where entity_type in ('person', 'organization') order by 1, 2"
MENTIONS = ("select file_name, entity_type, entity_name, surface from mentions "
            "where entity_type in ('person', 'organization') order by file_name, char_start")
ALIASES = "select alias_key, entity_type, name, group_key, entity_key from dim_entity_alias order by alias_key"


@pytest.fixture(scope="module")
def one_run(prefect_server, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("one_run")
    run(root, root / "w.duckdb", sorted(FILES))
    return root / "w.duckdb"


def test_a_surname_and_the_full_name_are_one_person_and_two_spellings_one_organisation(one_run: Path) -> None:
    assert rows(one_run, PEOPLE_AND_ORGS) == [
        ("organization", "Organisation for Economic Co-operation and Development"),
        ("person", "Ronald Reagan"),
    ]
    assert rows(one_run, MENTIONS) == [
        ("001_0000000000000001.txt", "person", "Ronald Reagan", "Ronald Reagan"),
        ("002_0000000000000002.txt", "person", "Ronald Reagan", "Reagan"),
        ("003_0000000000000003.txt", "organization", "Organisation for Economic Co-operation and Development",
         "Organization for Economic Cooperation and Development"),
        ("004_0000000000000004.txt", "organization", "Organisation for Economic Co-operation and Development",
         "Organisation for Economic Co-operation and Development"),
    ]


def test_the_entities_do_not_depend_on_how_files_are_split_into_runs(one_run: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    # the surname and one spelling first, the full name and the other spelling in later runs
    run(tmp_path, warehouse, ["002_0000000000000002.txt", "004_0000000000000004.txt"])
    assert rows(warehouse, PEOPLE_AND_ORGS) == [
        ("organization", "Organisation for Economic Co-operation and Development"),
        ("person", "Reagan"),
    ]
    run(tmp_path, warehouse, ["001_0000000000000001.txt"])
    run(tmp_path, warehouse, ["003_0000000000000003.txt"])
    for query in (PEOPLE_AND_ORGS, MENTIONS, ALIASES):
        assert rows(warehouse, query) == rows(one_run, query)


def test_the_entities_do_not_depend_on_how_a_run_is_split_into_chunks(one_run: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    run(tmp_path, warehouse, sorted(FILES, reverse=True), chunk_files=1)
    for query in (PEOPLE_AND_ORGS, MENTIONS, ALIASES):
        assert rows(warehouse, query) == rows(one_run, query)


def test_a_surname_shared_by_two_full_names_stays_its_own_entity(one_run: Path, tmp_path: Path, prefect_server) -> None:
    warehouse = tmp_path / "w.duckdb"
    run(tmp_path, warehouse, sorted(FILES))
    run(tmp_path, warehouse, [NANCY[0]], dict([NANCY]))
    assert rows(warehouse, "select name from dim_entity where entity_type = 'person' order by 1") == [
        ("Nancy Reagan",), ("Reagan",), ("Ronald Reagan",)]
    assert rows(warehouse, "select entity_name, surface from mentions where surface = 'Reagan'") == [("Reagan", "Reagan")]
    # one run with all five files agrees
    again = tmp_path / "again"
    run(again, again / "w.duckdb", sorted([*FILES, NANCY[0]]), {**FILES, NANCY[0]: NANCY[1]})
    assert rows(again / "w.duckdb", ALIASES) == rows(warehouse, ALIASES)
    assert rows(again / "w.duckdb", PEOPLE_AND_ORGS) == rows(warehouse, PEOPLE_AND_ORGS)
