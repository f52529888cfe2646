"""The data dictionary: a comment on every table, view and column, and `dateline docs` showing it."""

from __future__ import annotations

import duckdb
import pytest

from conftest import PROJECT
from dateline import warehouse
from dateline.cli import main
from dateline.snapshot import snapshot_path

COMMENTS = PROJECT / "sql" / "comments"


@pytest.fixture
def published(seeded):
    con = duckdb.connect(str(snapshot_path(seeded)), read_only=True)
    yield con
    con.close()


def test_no_table_or_view_lacks_a_comment(published) -> None:
    objects = published.execute(warehouse.sql("docs/objects")).fetchall()
    assert [(name, kind) for name, kind, comment, _ in objects if not comment] == []
    assert sorted(name for name, *_ in objects) == sorted(p.stem for p in COMMENTS.glob("*.sql")), "one comments file per object"
    views = {name for name, kind, *_ in objects if kind == "view"}
    assert views == {p.stem for p in (PROJECT / "sql" / "views").glob("*.sql")}


def test_no_column_of_a_table_or_an_analyst_view_lacks_a_comment(published) -> None:
    columns = published.execute(warehouse.sql("docs/columns")).fetchall()
    assert len(columns) > 250
    assert [(name, column) for name, column, _, _, comment in columns if not comment] == []


def test_comments_survive_a_second_migration_and_a_seed_reload(tmp_path) -> None:
    con = warehouse.connect(tmp_path / "w.duckdb")
    try:
        warehouse.migrate(con)
        warehouse.migrate(con)  # views are recreated: their comments are applied again
        warehouse.load_seeds(con, PROJECT / "seeds")
        warehouse.load_seeds(con, PROJECT / "seeds")  # create or replace: the same
        assert con.execute("select comment from duckdb_views() where view_name = 'articles'").fetchone() == (
            "Analyst view. One row per article (file name) in its current version, the latest loaded. "
            "From dim_article + fact_article + dim_date.",
        )
        assert con.execute(
            "select comment from duckdb_columns() where table_name = 'seed_themes' and column_name = 'keyword'"
        ).fetchone() == ("A keyword or phrase that counts as a hit.",)
        missing = con.execute("select name, column_name from (" + warehouse.sql("docs/columns") + ") where comment is null").fetchall()
        assert missing == []
    finally:
        con.close()


DIM_THEME = """\
dim_theme (table)
  One row per theme of the taxonomy in seeds/themes.csv (GDELT GKG style). Key:
  theme.

  column         type     null  description
  -------------  -------  ----  ------------------------------------------------
  theme          VARCHAR  no    Key. The theme code, UPPER_SNAKE, e.g.
                                MILITARY_COOPERATION.
  label          VARCHAR  no    What the theme is about, in words.
  category       VARCHAR  no    The theme's group, e.g. diplomacy or economy.
  keyword_count  INTEGER  no    How many keywords and phrases of
                                seeds/themes.csv define it.

  built from: stg_theme: seeds/themes.csv
  used by:    article_themes
  tests:      dim_theme.critical (post-load, on sql/checks/dim_theme.sql)
    expect_column_values_to_not_be_null(theme)
    expect_column_values_to_be_unique(theme)
    expect_column_values_to_match_regex(theme, regex=^[A-Z][A-Z0-9_]*$)
    expect_column_values_to_not_be_null(label)
    expect_column_values_to_be_between(keyword_count, min_value=1)
"""


def test_dateline_docs_shows_a_table_its_columns_tests_and_lineage_in_80_columns(capsys, monkeypatch, seeded) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["docs", "dim_theme", "--warehouse", str(seeded)]) == 0
    out = capsys.readouterr().out
    assert out == DIM_THEME
    assert max(len(line) for line in out.splitlines()[:-3]) <= 80


def test_dateline_docs_traces_a_view_back_to_the_landing_folder(capsys, monkeypatch, seeded) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    assert main(["docs", "mentions", "fact_mention", "--warehouse", str(seeded)]) == 0
    out = capsys.readouterr().out
    assert "  built from: articles; dim_entity; fact_mention\n  used by:    article_entities\n" in out
    assert (
        "  built from: stg_article: the landing-folder files parsed, that passed parsed_articles.critical (parse, validate); "
        "stg_mention: the entity mentions found in those articles (extract)\n  used by:    mentions\n"
    ) in out


def test_dateline_docs_writes_markdown_and_one_self_contained_html_page(capsys, seeded, tmp_path) -> None:
    page = tmp_path / "dictionary.html"
    assert main(["docs", "--warehouse", str(seeded), "--format", "html", "--output", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.count("<section id=") == len(list(COMMENTS.glob("*.sql")))
    assert '<section id="articles"><h2>articles <span class="kind">view</span></h2>' in text
    assert "<td><code>seq_no</code></td><td>BIGINT</td><td>yes</td>" in text
    assert "http" not in text and "<script" not in text and "<link" not in text
    assert main(["docs", "--warehouse", str(seeded), "--format", "markdown", "runs"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Dateline data dictionary\n\n- [`runs`](#runs) (view): Analyst view. One row per flow run")
    assert "| `duration` | INTERVAL | yes | finished_at - started_at (an INTERVAL). |\n" in markdown


def test_dateline_docs_refuses_an_unknown_object_with_exit_2(capsys, seeded) -> None:
    assert main(["docs", "no_such_table", "--warehouse", str(seeded)]) == 2
    assert capsys.readouterr().err.endswith("dateline: error: no table or view named no_such_table (`dateline docs` lists them all)\n")
