"""Backfills: re-derive a date range from the kept raw text with the current seeds and rules,
atomically, leaving every row outside the range byte for byte as it was."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date

import duckdb
import pytest

from checksums import checksum, tables
from conftest import PROJECT, SEEDS, article, write_file
from dateline.backfill import backfill
from dateline.cli import main
from dateline.ingest import ingest
from dateline.snapshot import snapshot_path

ALIAS = "Ministry of Public Security"
FEBRUARY = "date_key between 20240201 and 20240229"
IN_FEBRUARY = f"article_version_key in (select article_version_key from fact_article where {FEBRUARY})"


@pytest.fixture
def built(prefect_server, tmp_path):
    """A warehouse built from seeds/articles with a copy of seeds/ the test may edit."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for csv in (PROJECT / "seeds").glob("*.csv"):
        shutil.copy(csv, seeds / csv.name)
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    reports = tmp_path / "data" / "reports"
    ingest(inbox=str(SEEDS), warehouse_path=str(warehouse), reports_dir=str(reports), settle_seconds=0, seeds_dir=str(seeds))
    return {"warehouse": warehouse, "reports": reports, "seeds": seeds}


def _snapshot_tables(path) -> dict[str, dict[str, tuple[int, str]]]:
    """Per table: the checksum of all rows, of the rows of February's articles, and of the others."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        result = {}
        for table in tables(con):
            columns = {c for (c,) in con.execute("select column_name from duckdb_columns() where table_name = ?", [table]).fetchall()}
            entry = {"all": checksum(con, table)}
            if "article_version_key" in columns and table.startswith(("dim_article", "fact_")):
                entry["february"] = checksum(con, table, where=IN_FEBRUARY)
                entry["outside"] = checksum(con, table, where=f"not ({IN_FEBRUARY})")
            result[table] = entry
        return result
    finally:
        con.close()


def _rows(path, query: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_a_seed_change_backfilled_for_one_month_changes_that_month_only(built) -> None:
    warehouse, seeds = built["warehouse"], built["seeds"]
    mentioned_in = f"select file_name, published_date from articles where body like '%{ALIAS}%' order by 1"
    assert _rows(warehouse, mentioned_in) == [
        ("003_a17031787ac766dc.txt", date(2024, 2, 8)),
        ("024_200efe9deffd7fbb.txt", date(2024, 3, 14)),
    ]
    no_alias = f"select count(*) from fact_mention where surface = '{ALIAS}'"
    assert _rows(warehouse, no_alias) == [(0,)]
    before = _snapshot_tables(warehouse)

    with (seeds / "organizations.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{ALIAS},MPS,government\n")
    summary = backfill(
        start=date(2024, 2, 1), end=date(2024, 2, 29),
        warehouse_path=str(warehouse), reports_dir=str(built["reports"]), seeds_dir=str(seeds),
    )
    assert (summary.status, summary.articles_rederived, summary.error) == ("succeeded", 15, None)
    after = _snapshot_tables(warehouse)

    # February's articles now mention the new organisation; March's, with the same words, do not yet
    assert _rows(warehouse, f"""
        select a.file_name, e.entity_type, e.name, m.surface
        from fact_mention m join dim_article a using (article_version_key) join dim_entity e using (entity_key)
        where m.surface = '{ALIAS}' order by 1""") == [("003_a17031787ac766dc.txt", "organization", ALIAS, ALIAS)]
    # only February's rows changed: every article-derived table outside the month is byte-identical
    for table in ("dim_article", "fact_article", "fact_mention", "fact_article_theme", "fact_article_country"):
        assert after[table]["outside"] == before[table]["outside"], table
    assert after["fact_mention"]["february"] != before["fact_mention"]["february"]
    for table in ("dim_article", "fact_article", "fact_article_theme", "fact_article_country"):
        assert after[table]["february"] == before[table]["february"], table  # the alias changes mentions only
    # the landing-folder bookkeeping, the calendar, countries and themes are untouched
    for table in ("raw_file", "file_manifest", "file_state", "quarantine", "dim_date", "dim_country", "dim_theme"):
        assert after[table]["all"] == before[table]["all"], table
    for table in ("seed_country_aliases", "seed_locations", "seed_person_titles", "seed_themes"):
        assert after[table]["all"] == before[table]["all"], table
    assert after["seed_organizations"]["all"][0] == before["seed_organizations"]["all"][0] + 1
    # dim_entity only gained the new organisation
    assert after["dim_entity"]["all"][0] == before["dim_entity"]["all"][0] + 1
    assert checksum_without(warehouse, "dim_entity", f"name = '{ALIAS}'") == before["dim_entity"]["all"]
    # the backfill is in the run history with its range, and the analysts' snapshot has it
    runs = "select flow_name, status, backfill_start, backfill_end, articles_rederived from run order by started_at"
    expected = [
        ("dateline-ingest", "succeeded", None, None, None),
        ("dateline-backfill", "succeeded", date(2024, 2, 1), date(2024, 2, 29), 15),
    ]
    assert _rows(warehouse, runs) == expected
    assert _rows(snapshot_path(warehouse), runs) == expected


def checksum_without(path, table: str, excluded: str) -> tuple[int, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return checksum(con, table, where=f"not ({excluded})")
    finally:
        con.close()


def test_a_backfill_with_unchanged_rules_changes_no_row(built) -> None:
    before = _snapshot_tables(built["warehouse"])
    summary = backfill(warehouse_path=str(built["warehouse"]), reports_dir=str(built["reports"]), seeds_dir=str(built["seeds"]))
    assert (summary.status, summary.articles_rederived) == ("succeeded", 28)
    after = _snapshot_tables(built["warehouse"])
    changed = sorted(t for t in before if after[t]["all"] != before[t]["all"])
    assert changed == ["run", "validation_result"]  # only the backfill's own run and its suite results


def test_a_backfill_that_breaks_a_post_load_contract_is_rolled_back(built, tmp_path, webhook) -> None:
    url, received = webhook
    warehouse = built["warehouse"]
    (mentions,) = _rows(warehouse, "select count(*) from fact_mention")[0]
    expectations = tmp_path / "expectations"
    shutil.copytree(PROJECT / "expectations", expectations)
    suite_file = expectations / "fact_mention" / "critical.json"
    suite = json.loads(suite_file.read_text(encoding="utf-8"))
    suite["expectations"].append({"type": "expect_table_row_count_to_equal", "kwargs": {"value": mentions}, "meta": {}})
    suite_file.write_text(json.dumps(suite), encoding="utf-8")
    with (built["seeds"] / "organizations.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{ALIAS},MPS,government\n")  # one more mention in February: the contract breaks
    before = _snapshot_tables(warehouse)
    published = snapshot_path(warehouse).stat().st_mtime_ns

    state = backfill(
        start=date(2024, 2, 1), end=date(2024, 2, 29), warehouse_path=str(warehouse), reports_dir=str(built["reports"]),
        seeds_dir=str(built["seeds"]), expectations_dir=str(expectations), webhook_url=url, return_state=True,
    )
    assert state.is_failed()
    summary = state.result(raise_on_failure=False)
    assert (summary.status, summary.error, summary.validation_success) == (
        "failed", "BackfillError: post-load validation failed (fact_mention.critical); the backfill was rolled back", False
    )
    after = _snapshot_tables(warehouse)
    # every warehouse table is as it was; only the run history and its suite results grew
    assert sorted(t for t in before if after[t]["all"] != before[t]["all"]) == ["run", "validation_result"]
    assert _rows(warehouse, "select flow_name, status, error from run where flow_name = 'dateline-backfill'") == [
        ("dateline-backfill", "failed", summary.error)
    ]
    assert snapshot_path(warehouse).stat().st_mtime_ns == published  # analysts keep the last good state
    assert [(m["json"]["status"], m["json"]["error"], m["json"]["failed_suites"]) for m in received] == [
        ("failed", summary.error, ["fact_mention.critical"])
    ]


def test_backfill_cli_checks_its_range(capsys, tmp_path) -> None:
    cases = [
        ([], "give --start DATE and --end DATE, or --all"),
        (["--start", "2024-02-01"], "give --start DATE and --end DATE, or --all"),
        (["--all", "--start", "2024-02-01"], "give --all or --start/--end, not both"),
        (["--start", "2024-03-01", "--end", "2024-02-01"], "--start 2024-03-01 is after --end 2024-02-01"),
    ]
    for args, message in cases:
        assert main(["backfill", "--warehouse", str(tmp_path / "w.duckdb"), *args]) == 2
        assert capsys.readouterr().err.splitlines()[-1] == f"dateline: error: {message}"
    with pytest.raises(SystemExit) as info:
        main(["backfill", "--start", "2024-02-30", "--end", "2024-03-01"])
    assert info.value.code == 2
    assert "expected a date YYYY-MM-DD, got '2024-02-30'" in capsys.readouterr().err
    assert main(["backfill", "--all", "--warehouse", str(tmp_path / "none.duckdb")]) == 1
    assert capsys.readouterr().err == f"dateline: warehouse {tmp_path / 'none.duckdb'} does not exist: run `dateline run` first\n"


def test_backfill_cli_prints_what_it_did(capsys, built) -> None:
    code = main([
        "backfill", "--start", "2024-03-01", "--end", "2024-03-31", "--warehouse", str(built["warehouse"]),
        "--reports", str(built["reports"]), "--seeds", str(built["seeds"]),
    ])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith("Backfill ") and out[0].endswith(" succeeded")
    assert out[1:] == [
        "  dates           2024-03-01 to 2024-03-31",
        "  re-derived           13",
        f"Warehouse:         {built['warehouse']}",
        f"Snapshot:          {snapshot_path(built['warehouse'])}",
        f"Validation report: {built['reports'] / 'validation' / (out[0].split()[1] + '.html')}",
    ]
    assert main(["status", "--warehouse", str(built["warehouse"]), "--runs", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    backfill_line, ingest_line = lines[lines.index("Last 2 runs, newest first:") + 3:][:2]
    assert re.fullmatch(
        r"  \S+ \S+  \S+ \S+ +[\d.]+ s  backfill  succeeded    -       -          -            -  passed      "
        r"13 re-derived, 2024-03-01 to 2024-03-31",
        backfill_line,
    ), backfill_line
    assert re.search(r"  ingest    succeeded   28      28          0            0  passed", ingest_line), ingest_line


def test_an_article_that_no_longer_parses_fails_the_backfill_and_changes_nothing(prefect_server, tmp_path) -> None:
    inbox = tmp_path / "inbox"
    write_file(inbox, "001_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Cambodia and Japan held talks."))
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    ingest(inbox=str(inbox), warehouse_path=str(warehouse), reports_dir=str(tmp_path / "reports"), settle_seconds=0)
    con = duckdb.connect(str(warehouse))
    con.execute("update raw_file set content = cast('no date line' as blob)")  # as if the parser had become stricter
    con.close()
    before = _snapshot_tables(warehouse)
    state = backfill(warehouse_path=str(warehouse), reports_dir=str(tmp_path / "reports"), return_state=True)
    summary = state.result(raise_on_failure=False)
    assert summary.error == (
        "BackfillError: 1 article versions no longer parse (001_aaaaaaaaaaaaaaaa.txt: no date line); nothing was changed"
    )
    after = _snapshot_tables(warehouse)
    assert sorted(t for t in before if after[t]["all"] != before[t]["all"]) == ["run"]
