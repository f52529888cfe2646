"""Tests for the theme taxonomy (seeds/themes.csv) and the ThemeMatcher."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from dateline.extract.themes import (
    DEFAULT_SEEDS_DIR,
    KEYWORD_RE,
    THEME_CODE_RE,
    THEMES_VERSION,
    ThemeMatcher,
    load_themes,
    read_theme_rows,
)

SEEDS_CSV = Path(__file__).resolve().parents[1] / "seeds" / "themes.csv"
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "shared" / "examples"
CATEGORIES = {
    "security", "diplomacy", "humanitarian", "governance", "economy", "markets", "corporate",
    "energy", "commodities", "agriculture", "labour", "transport", "industry", "health",
}
TOO_GENERIC = {"said", "year", "the", "and", "new", "mln", "pct", "dlrs", "company", "inc", "corp", "government"}
HEADER_RE = re.compile(r"\A date \d{4}-\d{2}-\d{2} ")


def _csv_rows() -> list[dict[str, str]]:
    with SEEDS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_taxonomy(directory: Path, rows: list[tuple[str, str]]) -> Path:
    lines = ["theme,label,category,keyword"] + [f"{code},{code.title()},test,{kw}" for code, kw in rows]
    (directory / "themes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def matcher() -> ThemeMatcher:
    return load_themes()


@pytest.fixture()
def toy(tmp_path: Path) -> ThemeMatcher:
    rows = [
        ("ALPHA", "mine"),
        ("ALPHA", "mine action"),
        ("BETA", "mine action centre"),
        ("BETA", "demin*"),
        ("GAMMA", "war"),
        ("GAMMA", "trade"),
        ("DELTA", "trade war"),
        ("DELTA", "trade"),
        ("EPSILON", "oil"),
        ("EPSILON", "oil*"),
        ("ZETA", "people's army"),
    ]
    return load_themes(_write_taxonomy(tmp_path, rows))


def test_version() -> None:
    assert THEMES_VERSION == "themes-1"


# --- seeds/themes.csv is well formed -------------------------------------------------


def test_csv_header() -> None:
    with SEEDS_CSV.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == ["theme", "label", "category", "keyword"]


def test_csv_rows_well_formed() -> None:
    rows = _csv_rows()
    assert len(rows) > 500
    for row in rows:
        assert THEME_CODE_RE.fullmatch(row["theme"]), row
        assert KEYWORD_RE.fullmatch(row["keyword"]), row
        assert row["keyword"] == row["keyword"].lower(), row
        assert row["keyword"] == row["keyword"].strip(), row
        assert row["label"].strip() and row["label"] == row["label"].strip(), row
        assert row["category"] in CATEGORIES, row
        assert row["keyword"].rstrip("*") not in TOO_GENERIC, row


def test_csv_no_duplicate_theme_keyword() -> None:
    pairs = Counter((row["theme"], row["keyword"]) for row in _csv_rows())
    assert [pair for pair, n in pairs.items() if n > 1] == []


def test_csv_sorted_by_theme_then_keyword() -> None:
    keys = [(row["theme"], row["keyword"]) for row in _csv_rows()]
    assert keys == sorted(keys)


def test_csv_one_label_and_category_per_theme() -> None:
    heads: dict[str, set[tuple[str, str]]] = {}
    for row in _csv_rows():
        heads.setdefault(row["theme"], set()).add((row["label"], row["category"]))
    assert {code: h for code, h in heads.items() if len(h) != 1} == {}


@pytest.mark.parametrize(
    "code",
    [
        "MILITARY_COOPERATION", "DEFENCE_DIPLOMACY", "JOINT_EXERCISES", "ARMS_TRADE",
        "MARITIME_SECURITY", "HUMANITARIAN_AID", "DISASTER_RELIEF", "PEACEKEEPING", "DEMINING",
        "CROSS_BORDER_CRIME", "TERRORISM", "HUMAN_RIGHTS", "DEMOCRACY", "ELECTIONS", "CORRUPTION",
        "REFUGEES", "BORDER_DISPUTES", "DIPLOMACY", "TRADE", "INVESTMENT", "DEVELOPMENT_AID",
        "INFRASTRUCTURE", "ECON_GDP", "ECON_INFLATION", "ECON_INTEREST_RATES", "ECON_CURRENCY",
        "ENERGY_OIL", "ENERGY_GAS", "COMMODITY_GRAIN", "COMMODITY_COFFEE", "COMMODITY_COCOA",
        "COMMODITY_SUGAR", "COMMODITY_GOLD", "COMMODITY_LIVESTOCK", "MARKETS_STOCKS",
        "CORPORATE_EARNINGS", "CORPORATE_DIVIDENDS", "CORPORATE_MA", "DEBT", "TRADE_BALANCE",
        "BANKRUPTCY", "LABOUR_STRIKES", "EMPLOYMENT", "HOUSING", "AGRICULTURE", "SHIPPING",
    ],
)
def test_required_theme_present(matcher: ThemeMatcher, code: str) -> None:
    assert matcher.themes[code].keywords


def test_loader_sees_every_csv_row(matcher: ThemeMatcher) -> None:
    rows = _csv_rows()
    assert matcher.keyword_count == len(rows)
    assert set(matcher.themes) == {row["theme"] for row in rows}


# --- matching on the real taxonomy ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("   \n\n  ", {}),
        ("The warehouse said it was raided.", {}),
        ("The war ended.", {"ARMED_CONFLICT": 1}),
        ("War, wars and WARFARE.", {"ARMED_CONFLICT": 3}),
        ("They said aid arrived.", {"DEVELOPMENT_AID": 1}),
        ("Humanitarian aid and food aid", {"HUMANITARIAN_AID": 2}),
        ("military cooperation and MILITARY COOPERATION", {"MILITARY_COOPERATION": 2}),
        ("Military cooperation with the military", {"MILITARY": 1, "MILITARY_COOPERATION": 1}),
        ("A joint military exercise and joint drills", {"JOINT_EXERCISES": 2}),
        ("Landmines, land mines, UXO and demining teams", {"DEMINING": 4}),
        ("Cross-border crime and cross border crimes", {"CROSS_BORDER_CRIME": 2}),
        ("human trafficking rings", {"HUMAN_TRAFFICKING": 1}),
        ("Terrorists and counter-terrorism", {"TERRORISM": 2}),
        ("Patrols in the South China Sea near the Spratlys", {"MARITIME_SECURITY": 2}),
        ("Peacekeeping and peace-keeping and peacekeepers", {"PEACEKEEPING": 3}),
        ("Human rights and democracy", {"DEMOCRACY": 1, "HUMAN_RIGHTS": 1}),
        ("Chicago Board of Trade wheat", {"COMMODITIES": 1, "COMMODITY_GRAIN": 1}),
        ("trade union leaders", {"LABOUR_STRIKES": 1}),
        ("trade deficit widened as exports fell", {"TRADE": 1, "TRADE_BALANCE": 1}),
        ("OPEC crude oil output", {"ENERGY_OIL": 2}),
        ("Shr 34 cts vs 1.19 dlrs\n\nRevs 337.3 mln vs 315.2 mln", {"CORPORATE_EARNINGS": 2}),
        ("Qtly div eight cts vs 7.5 cts prior", {"CORPORATE_DIVIDENDS": 1}),
        ("a tender offer for the stake", {"CORPORATE_MA": 2}),
        ("filed for Chapter 11 bankruptcy", {"BANKRUPTCY": 2}),
        ("The Royal Cambodian Navy", {"MARITIME_SECURITY": 1, "MILITARY": 1}),
        ("STANDARD OIL <SRD> and <CMAC.S>", {"ENERGY_OIL": 1}),
        ("the People\u2019s Liberation Army", {"MILITARY": 1}),
    ],
)
def test_count_real_taxonomy(matcher: ThemeMatcher, text: str, expected: dict[str, int]) -> None:
    assert matcher.count(text) == expected


def test_count_is_sorted_by_code(matcher: ThemeMatcher) -> None:
    result = matcher.count("Wheat exports and military aid and a war")
    assert list(result) == sorted(result)


def test_count_is_deterministic(matcher: ThemeMatcher) -> None:
    text = "Military cooperation, trade and investment, demining and disaster relief."
    assert matcher.count(text) == matcher.count(text) == load_themes().count(text)


def test_load_themes_cached_per_path(tmp_path: Path) -> None:
    assert load_themes() is load_themes(DEFAULT_SEEDS_DIR)
    toy_dir = _write_taxonomy(tmp_path, [("ALPHA", "mine")])
    assert load_themes(toy_dir) is load_themes(toy_dir)
    assert load_themes(toy_dir) is not load_themes()


@pytest.mark.skipif(not EXAMPLES_DIR.is_dir(), reason="shared/examples not present")
@pytest.mark.parametrize(
    ("name", "expected_subset"),
    [
        (
            "000_b6bfd09d12e33e23.txt",
            {"MILITARY_COOPERATION": 6, "DEFENCE_DIPLOMACY": 1, "NATIONAL_SECURITY": 4, "ASEAN": 1},
        ),
        (
            "003_41044a8c9dc356e9.txt",
            {"DEMINING": 1, "PEACEKEEPING": 1, "DISASTER_RELIEF": 1, "HUMAN_RIGHTS": 2, "TRADE": 1},
        ),
    ],
)
def test_examples(matcher: ThemeMatcher, name: str, expected_subset: dict[str, int]) -> None:
    text = (EXAMPLES_DIR / name).read_text(encoding="utf-8")
    body = HEADER_RE.sub("", text, count=1)
    result = matcher.count(body)
    assert {code: result.get(code) for code in expected_subset} == expected_subset


# --- matching mechanics on a toy taxonomy --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mine", {"ALPHA": 1}),
        ("mines", {}),
        ("Mine Action", {"ALPHA": 1}),
        ("mine action centre", {"BETA": 1}),
        ("mine action center", {"ALPHA": 1}),
        ("mine-action   centre", {"BETA": 1}),
        ("mine\naction", {"ALPHA": 1}),
        ("mineaction", {}),
        ("demine, deminers, DEMINING, demin", {"BETA": 4}),
        ("undemined", {}),
        ("trade war", {"DELTA": 1}),
        ("trade", {"DELTA": 1, "GAMMA": 1}),
        ("trade trade war war", {"DELTA": 2, "GAMMA": 2}),
        ("trader warrior", {}),
        ("oil oils oily", {"EPSILON": 3}),
        ("boil", {}),
        ("the people's army and the people\u2019s army", {"ZETA": 2}),
        ("the peoples army", {}),
        ("", {}),
    ],
)
def test_count_toy_taxonomy(toy: ThemeMatcher, text: str, expected: dict[str, int]) -> None:
    assert toy.count(text) == expected


def test_toy_themes_metadata(toy: ThemeMatcher) -> None:
    assert toy.keyword_count == 11
    assert toy.themes["DELTA"].keywords == ("trade war", "trade")
    assert (toy.themes["ALPHA"].label, toy.themes["ALPHA"].category) == ("Alpha", "test")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("alpha", "mine")], "bad theme code"),
        ([("ALPHA", "Mine")], "bad keyword"),
        ([("ALPHA", "mi*ne")], "bad keyword"),
        ([("ALPHA", "mine  action")], "bad keyword"),
        ([("ALPHA", "mine"), ("ALPHA", "mine")], "duplicate"),
    ],
)
def test_malformed_rows_rejected(tmp_path: Path, rows: list[tuple[str, str]], message: str) -> None:
    _write_taxonomy(tmp_path, rows)
    with pytest.raises(ValueError, match=message):
        read_theme_rows(tmp_path / "themes.csv")


def test_empty_taxonomy_matches_nothing(tmp_path: Path) -> None:
    empty = load_themes(_write_taxonomy(tmp_path, []))
    assert (empty.keyword_count, empty.themes, empty.count("war and aid")) == (0, {}, {})


def test_bad_header_rejected(tmp_path: Path) -> None:
    (tmp_path / "themes.csv").write_text("theme,keyword\nALPHA,mine\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        read_theme_rows(tmp_path / "themes.csv")
