"""The analysis queries in sql/analysis/ return their expected rows on seeds/articles."""

from __future__ import annotations

import shutil

import pytest

from conftest import PROJECT, REUTERS, needs
from dateline.cli import main

ANALYSIS = PROJECT / "sql" / "analysis"


def run_query(capsys, warehouse, name: str, *settings: str) -> str:
    args = ["sql", "--warehouse", str(warehouse), "--format", "csv", "--file", str(ANALYSIS / f"{name}.sql")]
    for setting in settings:
        args += ["--set", setting]
    assert main(args) == 0
    return capsys.readouterr().out


def test_there_are_at_least_six_analysis_queries() -> None:
    assert len(list(ANALYSIS.glob("*.sql"))) >= 6


def test_top_officials_with_their_roles(capsys, seeded) -> None:
    assert run_query(capsys, seeded, "top_officials", "top=5") == (
        "person,role,articles,mentions\n"
        "Hun Manet,Prime Minister,7,13\n"
        "Ferdinand Marcos Jr.,President,6,10\n"
        "Tea Seiha,Defence Minister,4,6\n"
        "Anthony Albanese,Prime Minister,3,5\n"
        "Gilberto Teodoro,Defense Secretary,3,4\n"
    )


def test_countries_co_mentioned_with_thailand_per_month(capsys, seeded) -> None:
    lines = run_query(capsys, seeded, "co_mentioned_countries", "country=THA").splitlines()
    assert lines[:5] == [
        "month,country_iso3,country,articles,mentions",
        "2024-02-01,CHN,China,4,7",
        "2024-02-01,MYS,Malaysia,4,4",
        "2024-02-01,MMR,Myanmar,3,10",
        "2024-02-01,LAO,Laos,3,6",
    ]
    assert lines[17:19] == ["2024-03-01,CHN,China,2,10", "2024-03-01,MMR,Myanmar,2,3"]
    assert len(lines) == 29
    assert not any(",THA," in line for line in lines)


def test_theme_trend_by_week(capsys, seeded) -> None:
    assert run_query(capsys, seeded, "theme_trend_weekly", "themes=MILITARY_COOPERATION,HUMANITARIAN_AID").splitlines() == [
        "week_start,theme,articles,hits",
        "2024-02-05,HUMANITARIAN_AID,1,3",
        "2024-02-05,MILITARY_COOPERATION,1,1",
        "2024-02-12,HUMANITARIAN_AID,1,1",
        "2024-02-12,MILITARY_COOPERATION,2,3",
        "2024-02-19,HUMANITARIAN_AID,1,6",
        "2024-02-19,MILITARY_COOPERATION,1,2",
        "2024-02-26,HUMANITARIAN_AID,2,4",
        "2024-02-26,MILITARY_COOPERATION,2,3",
        "2024-03-04,HUMANITARIAN_AID,1,1",
        "2024-03-04,MILITARY_COOPERATION,1,1",
        "2024-03-11,HUMANITARIAN_AID,0,0",
        "2024-03-11,MILITARY_COOPERATION,1,1",
        "2024-03-18,HUMANITARIAN_AID,0,0",
        "2024-03-18,MILITARY_COOPERATION,1,3",
        "2024-03-25,HUMANITARIAN_AID,1,2",
        "2024-03-25,MILITARY_COOPERATION,1,1",
    ]


def test_tone_by_country(capsys, seeded) -> None:
    assert run_query(capsys, seeded, "tone_by_country", "min_articles=4") == (
        "country_iso3,country,month,articles,avg_tone,avg_negative\n"
        "CHN,China,2024-03-01,5,-1.42,3.47\n"
        "KHM,Cambodia,2024-02-01,6,1.05,2.39\n"
        "KHM,Cambodia,2024-03-01,5,0.33,2.85\n"
        "PHL,Philippines,2024-03-01,4,1.16,1.69\n"
        "USA,United States,2024-02-01,4,1.38,1.79\n"
    )


def test_articles_mentioning_both_countries(capsys, seeded) -> None:
    rows = [line.split(",")[:2] + line.split(",")[-2:] for line in run_query(
        capsys, seeded, "articles_mentioning_both", "country_a=THA", "country_b=KHM"
    ).splitlines()]
    assert rows == [
        ["published_date", "file_name", "mentions_a", "mentions_b"],
        ["2024-02-16", "008_20b8bc8e2c69c83f.txt", "6", "6"],
        ["2024-03-04", "017_1b90ea32c38a304e.txt", "1", "1"],
    ]


@pytest.mark.parametrize(("week", "count"), [("2024-03-18", 20), ("2024-03-25", None)])
def test_entities_first_seen_in_a_week(capsys, seeded, week: str, count: int | None) -> None:
    lines = run_query(capsys, seeded, "entities_first_seen_this_week", f"week_start={week}").splitlines()
    default = run_query(capsys, seeded, "entities_first_seen_this_week").splitlines()
    assert lines[0] == "first_date,entity_type,entity_name,country_iso3,articles"
    if count is None:
        assert lines == default, "the default week is the latest week with articles"
        assert lines[1:3] == ["2024-03-25,location,New Delhi,IND,1", "2024-03-25,organization,BrahMos Aerospace,,1"]
    else:
        assert len(lines) - 1 == count
        assert all(week <= line[:10] < "2024-03-25" for line in lines[1:])


@pytest.mark.parametrize(("name", "same_as"), [
    ("co_mentioned_countries", ["country=KHM"]),  # the country most stories are about
    ("articles_mentioning_both", ["country_a=KHM", "country_b=CHN"]),  # and the one most mentioned beside it
    ("theme_trend_weekly", ["themes=DIPLOMACY,MILITARY"]),  # the two themes in the most articles
])
def test_without_set_the_parameters_come_from_the_data(capsys, seeded, name: str, same_as: list[str]) -> None:
    default = run_query(capsys, seeded, name)
    assert default == run_query(capsys, seeded, name, *same_as)
    assert len(default.splitlines()) > 5


@pytest.fixture(scope="module")
def reuters_sample(prefect_server, tmp_path_factory):
    """A warehouse of every tenth Reuters story (1,905 files)."""
    from dateline.ingest import ingest

    root = tmp_path_factory.mktemp("reuters-sample")
    inbox = root / "inbox"
    inbox.mkdir()
    for path in sorted(REUTERS.iterdir())[::10]:
        shutil.copy2(path, inbox / path.name)
    warehouse = root / "warehouse.duckdb"
    ingest(inbox=str(inbox), warehouse_path=str(warehouse), reports_dir=str(root / "reports"), settle_seconds=0)
    return warehouse


@needs(REUTERS)
@pytest.mark.corpus
@pytest.mark.parametrize(("name", "same_as", "rows"), [
    ("co_mentioned_countries", ["country=USA"], 172),
    ("articles_mentioning_both", ["country_a=USA", "country_b=JPN"], 112),
    ("theme_trend_weekly", ["themes=CORPORATE_EARNINGS,DEBT"], 70),
])
def test_the_defaults_fit_the_reuters_corpus_too(capsys, reuters_sample, name: str, same_as: list[str], rows: int) -> None:
    """The old fixed defaults (KHM, CHN, military cooperation) gave 1 to 4 rows on Reuters."""
    default = run_query(capsys, reuters_sample, name)
    assert default == run_query(capsys, reuters_sample, name, *same_as)
    assert len(default.splitlines()) - 1 == rows
