"""Extraction quality against the hand-annotated sample articles (tests/gold/).

Micro precision and recall per entity type, counting a mention right when its span and its
type match exactly (for persons the canonical name must match as well). The thresholds sit
a little below what the extractor measured when they were set (see each row), so that a
regression fails while small edits to the gold do not.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from dateline.extract.entities import article_countries, extract_entities
from dateline.parse import parse_article

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
ARTICLES = ROOT / "seeds" / "articles"

# type: (min precision, min recall)   measured when set: P / R
THRESHOLDS = {
    "country": (0.95, 0.95),  # 0.997 / 1.000
    "location": (0.90, 0.88),  # 0.993 / 0.961
    "organization": (0.88, 0.85),  # 0.962 / 0.934
    "person": (0.93, 0.87),  # 1.000 / 0.933 (span, type and name)
    "location+country": (0.95, 0.93),  # 0.995 / 0.987 (countries counted as locations)
}
COUNTRIES_THRESHOLD = (0.85, 0.85)  # measured 0.930 / 0.946


def _body(path: Path) -> str:
    return parse_article(path.read_bytes(), today=date.today()).body


def _gold_rows() -> dict[str, list[dict[str, str]]]:
    path = GOLD / "mentions.csv"
    if not path.exists():
        pytest.skip("no gold annotations")
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if (ARTICLES / row["file_name"]).exists():
                rows[row["file_name"]].append(row)
    if not rows:
        pytest.skip("gold annotations name no sample article that exists")
    return rows


@pytest.fixture(scope="module")
def scores() -> dict[str, tuple[float, float]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for name, rows in _gold_rows().items():
        body = _body(ARTICLES / name)
        mentions = extract_entities(body)
        for merged in (False, True):
            def key(etype: str, merged: bool = merged) -> str:
                if merged:
                    return "location+country" if etype in ("country", "location") else ""
                return etype

            gold = {(int(r["char_start"]), int(r["char_end"]), key(r["entity_type"]),
                     r["entity_name"] if r["entity_type"] == "person" else "")
                    for r in rows if key(r["entity_type"])}
            pred = {(m.char_start, m.char_end, key(m.entity_type),
                     m.name if m.entity_type == "person" else "")
                    for m in mentions if key(m.entity_type)}
            for item in gold & pred:
                tp[item[2]] += 1
            for item in pred - gold:
                fp[item[2]] += 1
            for item in gold - pred:
                fn[item[2]] += 1
    out = {}
    for etype in THRESHOLDS:
        p = tp[etype] / (tp[etype] + fp[etype]) if tp[etype] + fp[etype] else 1.0
        r = tp[etype] / (tp[etype] + fn[etype]) if tp[etype] + fn[etype] else 1.0
        out[etype] = (p, r)
    return out


@pytest.mark.parametrize("etype", list(THRESHOLDS))
def test_precision_and_recall(scores: dict[str, tuple[float, float]], etype: str) -> None:
    precision, recall = scores[etype]
    min_p, min_r = THRESHOLDS[etype]
    assert precision >= min_p, f"{etype} precision {precision:.3f} < {min_p}"
    assert recall >= min_r, f"{etype} recall {recall:.3f} < {min_r}"


def test_article_countries_against_gold() -> None:
    path = GOLD / "article_countries.csv"
    if not path.exists():
        pytest.skip("no gold article countries")
    gold: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if (ARTICLES / row["file_name"]).exists():
                gold[row["file_name"]].add(row["country_iso3"])
    if not gold:
        pytest.skip("gold article countries name no sample article that exists")
    hit = predicted = expected = 0
    for name, codes in gold.items():
        body = _body(ARTICLES / name)
        found = set(article_countries(extract_entities(body), body))
        hit += len(found & codes)
        predicted += len(found)
        expected += len(codes)
    precision = hit / predicted if predicted else 1.0
    recall = hit / expected if expected else 1.0
    assert precision >= COUNTRIES_THRESHOLD[0], f"precision {precision:.3f}"
    assert recall >= COUNTRIES_THRESHOLD[1], f"recall {recall:.3f}"
