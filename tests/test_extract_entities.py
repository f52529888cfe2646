"""Entity extraction: exact mentions for tricky sentences, invariants, determinism."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dateline.extract.entities import EXTRACTOR_VERSION, article_countries, extract_entities
from dateline.extract.gazetteer import DEFAULT_SEEDS_DIR, build_gazetteer, load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT.parent / "shared" / "examples"
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578" / "articles"
SAMPLES = ROOT / "seeds" / "articles"


def body_of(path: Path) -> str:
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    return text[17:].rstrip()


def found(body: str) -> list[tuple]:
    return [
        (m.entity_type, m.surface, m.name, m.country_iso3, m.role)
        for m in extract_entities(body)
    ]


def kinds(body: str) -> set[tuple[str, str]]:
    return {(m.entity_type, m.surface) for m in extract_entities(body)}


# ---------------------------------------------------------------- exact expectations
CASES = [
    pytest.param(
        "The U.S. and the US Navy met us in America.",
        [("country", "U.S.", "United States", "USA", None),
         ("organization", "US Navy", "U.S. Navy", None, None),
         ("country", "America", "United States", "USA", None)],
        id="us-vs-us",
    ),
    pytest.param(
        "Experts discussed Sino-Cambodian relations and Chinese investment.",
        [("nationality", "Sino", "China", "CHN", None),
         ("nationality", "Cambodian", "Cambodia", "KHM", None),
         ("nationality", "Chinese", "China", "CHN", None)],
        id="sino-and-demonyms",
    ),
    pytest.param(
        "French and Australian officials met Japanese traders in France.",
        [("nationality", "French", "France", "FRA", None),
         ("nationality", "Australian", "Australia", "AUS", None),
         ("nationality", "Japanese", "Japan", "JPN", None),
         ("country", "France", "France", "FRA", None)],
        id="nationality-adjectives-are-not-country-mentions",
    ),
    pytest.param(
        "The USSR, West Germany, East German officials, Czechoslovakia, Yugoslavia, Burma "
        "and Zaire signed.",
        [("country", "USSR", "Soviet Union", "SUN", None),
         ("country", "West Germany", "Germany", "DEU", None),
         ("nationality", "East German", "East Germany", "DDR", None),
         ("country", "Czechoslovakia", "Czechoslovakia", "CSK", None),
         ("country", "Yugoslavia", "Yugoslavia", "YUG", None),
         ("country", "Burma", "Burma", "BUR", None),
         ("country", "Zaire", "Zaire", "ZAR", None)],
        id="historic-states",
    ),
    pytest.param(
        "Soviet grain imports rose, the Soviet Union said.",
        [("nationality", "Soviet", "Soviet Union", "SUN", None),
         ("country", "Soviet Union", "Soviet Union", "SUN", None)],
        id="soviet",
    ),
    pytest.param(
        "Royal Cambodian Army's Deputy Commander General Mao Sophan visited Beijing. "
        "Sophan met officials, and General Sophan praised the Cambodian Army.",
        [("organization", "Royal Cambodian Army", "Royal Cambodian Army", None, None),
         ("person", "Mao Sophan", "Mao Sophan", None, "Deputy Commander"),
         ("location", "Beijing", "Beijing", "CHN", None),
         ("person", "Sophan", "Mao Sophan", None, "Deputy Commander"),
         ("person", "Sophan", "Mao Sophan", None, "Deputy Commander"),
         ("organization", "Cambodian Army", "Royal Cambodian Army", None, None)],
        id="org-swallows-demonym-and-short-references",
    ),
    pytest.param(
        "General Mao Sophan arrived.",
        [("person", "Mao Sophan", "Mao Sophan", None, "General")],
        id="rank-only",
    ),
    pytest.param(
        "He met Chinese Minister of National Defence Dong Jun and Prime Minister Hun Manet.",
        [("nationality", "Chinese", "China", "CHN", None),
         ("person", "Dong Jun", "Dong Jun", None, "Minister of National Defence"),
         ("person", "Hun Manet", "Hun Manet", None, "Prime Minister")],
        id="titles",
    ),
    pytest.param(
        "Experts like Seng Vanly, a lecturer of international relations, disagree.",
        [("person", "Seng Vanly", "Seng Vanly", None, "lecturer")],
        id="apposition-role",
    ),
    pytest.param(
        "Secretary of State Antony Blinken spoke. Later Mr. Blinken left for Tokyo.",
        [("person", "Antony Blinken", "Antony Blinken", None, "Secretary of State"),
         ("person", "Blinken", "Antony Blinken", None, "Secretary of State"),
         ("location", "Tokyo", "Tokyo", "JPN", None)],
        id="honorific-short-reference",
    ),
    pytest.param(
        "The Cambodian Mine Action Centre (CMAC) said CMAC teams cleared 100 mines.",
        [("organization", "Cambodian Mine Action Centre", "Cambodian Mine Action Centre", None, None),
         ("organization", "CMAC", "Cambodian Mine Action Centre", None, None),
         ("organization", "CMAC", "Cambodian Mine Action Centre", None, None)],
        id="acronym-definition",
    ),
    pytest.param(
        "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT\n\n"
        "Standard Oil Co and BP North America Inc said they plan a venture.",
        [("organization", "STANDARD OIL", "Standard Oil Co", None, None),
         ("organization", "Standard Oil Co", "Standard Oil Co", None, None),
         ("organization", "BP North America Inc", "BP North America Inc", None, None)],
        id="reuters-ticker-and-headline",
    ),
    pytest.param(
        "The company sold shares to <Sedio N.V.> of Lugano, Switzerland.",
        [("organization", "Sedio N.V.", "Sedio N.V.", None, None),
         ("location", "Lugano", "Lugano", "CHE", None),
         ("country", "Switzerland", "Switzerland", "CHE", None)],
        id="bracketed-company",
    ),
    pytest.param(
        "Regional and International Perspectives\n\nDespite concerns, However analysts "
        "said This was fine.",
        [],
        id="heading-and-sentence-starts",
    ),
    pytest.param(
        "U.S. TRADE DEFICIT NARROWS\n\nThe deficit narrowed in March, officials said on Monday.",
        [("country", "U.S.", "United States", "USA", None)],
        id="all-caps-headline-months-days",
    ),
    pytest.param(
        "BAHIA COCOA REVIEW\n\nShowers continued throughout the week in the Bahia cocoa zone.",
        [("location", "BAHIA", "Bahia", "BRA", None),
         ("location", "Bahia", "Bahia", "BRA", None)],
        id="headline-not-a-person",
    ),
    pytest.param(
        "Shr 72 cts vs 71 cts\n\nNet 1.1 mln vs 829,000\n\nRevs 7.9 mln vs 9.4 mln",
        [],
        id="earnings-table",
    ),
    pytest.param(
        "Chairman Kenneth Douglas told analysts. Douglas said sales rose, Reuters reported.\n\nReuter",
        [("person", "Kenneth Douglas", "Kenneth Douglas", None, "Chairman"),
         ("person", "Douglas", "Kenneth Douglas", None, "Chairman"),
         ("organization", "Reuters", "Reuters", None, None)],
        id="reuters-the-agency-is-an-organisation-the-sign-off-is-not",
    ),
    pytest.param(
        "Ships sailed through the South China Sea to the Gulf of Thailand and up the Mekong.",
        [("location", "South China Sea", "South China Sea", None, None),
         ("location", "Gulf of Thailand", "Gulf of Thailand", None, None),
         ("location", "Mekong", "Mekong", None, None)],
        id="seas-and-rivers",
    ),
    pytest.param(
        "Deminers worked in Battambang, Pailin and Banteay Meanchey provinces.",
        [("location", "Battambang", "Battambang", "KHM", None),
         ("location", "Pailin", "Pailin", "KHM", None),
         ("location", "Banteay Meanchey", "Banteay Meanchey", "KHM", None)],
        id="provinces",
    ),
    pytest.param(
        "Officials of the Ministry of National Defence and ASEAN met in Phnom Penh.",
        [("organization", "Ministry of National Defence", "Ministry of National Defence", None, None),
         ("organization", "ASEAN", "ASEAN", None, None),
         ("location", "Phnom Penh", "Phnom Penh", "KHM", None)],
        id="ministry-of",
    ),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_exact_mentions(body: str, expected: list[tuple]) -> None:
    assert found(body) == expected


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        ("Let us know, he told us.", ("country", "us")),
        ("Despite the rain, the market rose.", ("person", "Despite")),
        ("However, This Week In Review was cancelled.", ("person", "However")),
        ("REAGAN SAYS U.S. WILL ACT\n\nThe president spoke.", ("person", "REAGAN")),
        ("The Moody's rating was cut on Tuesday in January.", ("person", "Tuesday")),
    ],
)
def test_not_entities(body: str, absent: tuple[str, str]) -> None:
    assert absent not in kinds(body)


# ---------------------------------------------------------------- article countries
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Cambodia and China deepen ties\n\nCambodia and China signed a deal. "
         "Cambodian officials praised China.\n\nAn American observer was present.",
         ["KHM", "CHN"]),
        ("JAPAN TRADE SURPLUS RISES\n\nJapan's surplus rose, the Finance Ministry in "
         "Tokyo said.", ["JPN"]),
        ("No places here.", []),
    ],
)
def test_article_countries(body: str, expected: list[str]) -> None:
    assert article_countries(extract_entities(body), body) == expected


# ---------------------------------------------------------------- invariants
def _example_bodies() -> list[tuple[str, str]]:
    out = []
    for folder in (EXAMPLES, SAMPLES):
        if folder.is_dir():
            out += [(p.name, body_of(p)) for p in sorted(folder.glob("*.txt"))]
    return out


def _reuters_sample(step: int = 97) -> list[Path]:
    if not REUTERS.is_dir():
        return []
    return sorted(REUTERS.iterdir())[::step]


def _check_invariants(body: str) -> None:
    mentions = extract_entities(body)
    previous_end = -1
    for m in mentions:
        assert body[m.char_start : m.char_end] == m.surface
        assert m.surface.strip() == m.surface and m.surface
        assert m.entity_type in ("country", "nationality", "location", "person", "organization")
        assert m.char_start >= previous_end, "mentions must not overlap"
        previous_end = m.char_end
        if m.entity_type in ("country", "nationality"):
            assert m.country_iso3 and len(m.country_iso3) == 3
        if m.entity_type != "person":
            assert m.role is None
    assert [m.char_start for m in mentions] == sorted(m.char_start for m in mentions)


def test_invariants_on_examples() -> None:
    bodies = _example_bodies()
    if not bodies:
        pytest.skip("no example articles")
    for _, body in bodies:
        _check_invariants(body)


@pytest.mark.corpus
def test_invariants_on_reuters_sample() -> None:
    files = _reuters_sample()
    if not files:
        pytest.skip("Reuters corpus absent")
    for path in files:
        _check_invariants(body_of(path))


@pytest.mark.parametrize(
    "body",
    ["", "   ", "\n\n", "<", "<>", "< SRD", "U.S.", "Gen.", "A (B)", "X, Y,", "'s", "-Sino-",
     "Mr. ", "Prime Minister", "(CMAC)", "In the U.S. Army of the", "é ü ’s — “quoted”"],
)
def test_edge_bodies(body: str) -> None:
    _check_invariants(body)


def test_deterministic() -> None:
    bodies = [b for _, b in _example_bodies()][:5] or ["Cambodia and China met in Beijing."]
    for body in bodies:
        first = extract_entities(body)
        fresh = build_gazetteer(DEFAULT_SEEDS_DIR)
        assert extract_entities(body, gazetteer=fresh) == first
        assert extract_entities(body) == first


def test_gazetteer_is_cached_and_accepts_seeds_dir(tmp_path: Path) -> None:
    assert load_gazetteer() is load_gazetteer()
    assert load_gazetteer(DEFAULT_SEEDS_DIR) is load_gazetteer()
    # an empty seeds folder still knows pycountry's countries
    empty = load_gazetteer(tmp_path)
    mentions = extract_entities("France and Cambodia met.", gazetteer=empty)
    assert [(m.surface, m.country_iso3) for m in mentions] == [
        ("France", "FRA"), ("Cambodia", "KHM")]


def test_seed_files_are_sorted_with_headers() -> None:
    headers = {
        "country_aliases.csv": "alias,iso3",
        "locations.csv": "name,iso3,kind",
        "person_titles.csv": "title,normalized",
        "organizations.csv": "name,alias,kind",
        "organization_words.csv": "word,kind",
        "word_lists.csv": "list,word",
        "given_names.csv": "name",
    }
    for name, header in headers.items():
        lines = (DEFAULT_SEEDS_DIR / name).read_text(encoding="utf-8").splitlines()
        assert lines[0] == header
        rows = lines[1:]
        assert rows == sorted(rows, key=str.lower) or rows == sorted(
            rows, key=lambda r: tuple(x.lower() for x in r.split(","))), name
        assert len(rows) == len(set(rows)), name


def test_version_string() -> None:
    assert EXTRACTOR_VERSION.startswith("entities-")


@pytest.mark.skipif(os.environ.get("DATELINE_SPEED_TEST") != "1", reason="set DATELINE_SPEED_TEST=1")
def test_speed_on_reuters() -> None:  # pragma: no cover - manual benchmark
    import time

    files = _reuters_sample(step=1)
    if not files:
        pytest.skip("Reuters corpus absent")
    bodies = [body_of(p) for p in files]
    gaz = load_gazetteer()
    started = time.perf_counter()
    for body in bodies:
        extract_entities(body, gazetteer=gaz)
    assert time.perf_counter() - started < 20


def test_registry_runs_extractors_after_those_they_read() -> None:
    from dateline.extract.registry import ordered

    names = [e.name for e in ordered("find")]
    for e in ordered("find"):
        assert all(names.index(a) < names.index(e.name) for a in e.after), e.name
    assert [e.name for e in ordered("refer")] == ["person_references"]


def test_registry_refuses_an_extractor_reading_an_unknown_one() -> None:
    from dateline.extract import registry

    registry.extractor("broken", after=("nowhere",))(lambda ctx: [])
    try:
        with pytest.raises(ValueError, match=r"unknown names: \['broken'\]"):
            registry.ordered("find")
    finally:
        del registry.REGISTRY["broken"]


def test_expectation_suites_allow_exactly_the_entity_types() -> None:
    import json

    from dateline.extract.model import ENTITY_TYPES

    for suite in ("dim_entity", "fact_mention"):
        spec = json.loads((ROOT / "expectations" / suite / "critical.json").read_text())
        sets = [e["kwargs"]["value_set"] for e in spec["expectations"]
                if e["kwargs"].get("column") == "entity_type" and "value_set" in e["kwargs"]]
        assert [sorted(v) for v in sets] == [sorted(ENTITY_TYPES)], suite
