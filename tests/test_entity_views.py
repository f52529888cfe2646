"""The entity, theme, country and tone views are filled, and their offsets index into the body."""

from __future__ import annotations

import duckdb
import pytest

from conftest import EXAMPLES, needs
from dateline.ingest import ingest


def query(warehouse, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def examples(prefect_server, tmp_path_factory):
    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is absent")
    root = tmp_path_factory.mktemp("examples")
    warehouse = root / "warehouse.duckdb"
    ingest(inbox=str(EXAMPLES), warehouse_path=str(warehouse), reports_dir=str(root / "reports"), settle_seconds=0)
    return warehouse


@pytest.mark.parametrize("fixture", ["seeded", pytest.param("examples", marks=needs(EXAMPLES))])
def test_every_view_is_filled_and_offsets_point_at_the_surface(request, fixture: str) -> None:
    warehouse = request.getfixturevalue(fixture)
    articles = query(warehouse, "select count(*) from articles")[0][0]
    for view in ("mentions", "article_entities", "article_themes", "article_countries"):
        assert query(warehouse, f"select count(distinct file_name) from {view}") == [(articles,)], view
    assert query(warehouse, "select distinct entity_type from mentions order by 1") == [
        ("country",), ("location",), ("nationality",), ("organization",), ("person",)
    ]
    assert query(
        warehouse,
        "select count(*) from mentions m join articles a using (file_name) "
        "where substr(a.body, m.char_start + 1, m.char_end - m.char_start) <> m.surface",
    ) == [(0,)]
    assert query(warehouse, "select count(*) from articles where tone is null or polarity < 0") == [(0,)]


def test_the_first_example_reads_like_gdelt(examples) -> None:
    name = "000_b6bfd09d12e33e23.txt"
    assert query(examples, f"select surface, char_start, char_end, role from mentions where file_name = '{name}' and entity_name = 'Mao Sophan' order by char_start") == [
        ("Mao Sophan", 48, 58, "Deputy Commander"),
        ("Sophan", 326, 332, "Deputy Commander"),
        ("Sophan", 493, 499, "Deputy Commander"),
        ("Mao Sophan", 2300, 2310, "Deputy Commander"),
    ]
    assert query(examples, f"select country_iso3 from article_countries where file_name = '{name}' order by country_iso3") == [("CHN",), ("KHM",)]
    assert query(examples, f"select entity_name from article_entities where file_name = '{name}' and entity_type = 'organization' order by 1")[:2] == [
        ("ASEAN",), ("Chinese People’s Liberation Army",)
    ]
