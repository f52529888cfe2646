"""Integrity checks for the embedded sample articles and their gold annotations.

Standard library + pytest only: this module must not import the ``dateline``
package, so that the gold data can be validated independently of the code it
is used to evaluate.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLES_DIR = ROOT / "seeds" / "articles"
GOLD_DIR = ROOT / "tests" / "gold"
MENTIONS_CSV = GOLD_DIR / "mentions.csv"
ARTICLE_COUNTRIES_CSV = GOLD_DIR / "article_countries.csv"

NAME_RE = re.compile(r"^\d+_[0-9a-f]{16}\.txt$")
HEADER_RE = re.compile(r"^ date (\d{4}-\d{2}-\d{2}) ")
HEADER_LEN = 17  # " date YYYY-MM-DD "
ISO3_RE = re.compile(r"^[A-Z]{3}$")
ENTITY_TYPES = {"country", "location", "person", "organization"}
MENTION_COLUMNS = [
    "file_name",
    "entity_type",
    "entity_name",
    "surface",
    "char_start",
    "char_end",
    "country_iso3",
    "role",
]
DATE_MIN = dt.date(2024, 2, 1)
DATE_MAX = dt.date(2024, 3, 31)


# ---------------------------------------------------------------- helpers

def article_paths() -> list[Path]:
    return sorted(p for p in ARTICLES_DIR.iterdir() if p.is_file())


def read_text(path: Path) -> str:
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")


def article_body(path: Path) -> str:
    """The body the gold offsets index into (see tests/gold/README.md)."""
    return read_text(path)[HEADER_LEN:].rstrip()


def article_date(path: Path) -> dt.date:
    m = HEADER_RE.match(read_text(path))
    assert m, f"{path.name}: missing ' date YYYY-MM-DD ' header"
    return dt.date.fromisoformat(m.group(1))


def is_heading(paragraph: str) -> bool:
    p = paragraph.strip()
    return (
        bool(p)
        and len(p.split()) <= 10
        and p[-1] not in ".!?:"
        and p[0].isupper()
    )


def headings(body: str) -> list[str]:
    paragraphs = body.split("\n\n")
    return [p for p in paragraphs[1:] if is_heading(p)]


def load_mentions() -> list[dict[str, str]]:
    with MENTIONS_CSV.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == MENTION_COLUMNS
        return list(reader)


def load_article_countries() -> list[dict[str, str]]:
    with ARTICLE_COUNTRIES_CSV.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["file_name", "country_iso3"]
        return list(reader)


PATHS = article_paths()
IDS = [p.name for p in PATHS]


# ---------------------------------------------------------------- articles

def test_enough_articles():
    assert len(PATHS) >= 24


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_file_name_pattern(path: Path):
    assert NAME_RE.match(path.name), path.name


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_article_format(path: Path):
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # must be valid UTF-8
    assert HEADER_RE.match(text), f"{path.name}: bad header"
    date = article_date(path)
    assert DATE_MIN <= date <= DATE_MAX, f"{path.name}: date {date} out of range"
    body = article_body(path)
    assert body, f"{path.name}: empty body"
    paragraphs = body.split("\n\n")
    assert all(p.strip() == p and p for p in paragraphs), (
        f"{path.name}: paragraphs must be separated by exactly one blank line"
    )
    assert not is_heading(paragraphs[0]), f"{path.name}: first paragraph must be the lead"
    assert len(headings(body)) >= 2, f"{path.name}: fewer than 2 section headings"


def test_dates_span_enough_weeks():
    weeks = {article_date(p).isocalendar()[:2] for p in PATHS}
    assert len(weeks) >= 5, sorted(weeks)


def test_sequence_follows_dates():
    ordered = sorted(PATHS, key=lambda p: int(p.name.split("_", 1)[0]))
    dates = [article_date(p) for p in ordered]
    assert dates == sorted(dates)


def test_sequence_numbers_unique():
    numbers = [int(p.name.split("_", 1)[0]) for p in PATHS]
    assert len(numbers) == len(set(numbers))


# ---------------------------------------------------------------- mentions

MENTIONS = load_mentions()


def test_mentions_not_empty():
    assert MENTIONS


def test_mention_files_exist():
    names = set(IDS)
    missing = sorted({r["file_name"] for r in MENTIONS} - names)
    assert not missing, missing


def test_mention_offsets_match_surface():
    bodies = {p.name: article_body(p) for p in PATHS}
    bad = []
    for r in MENTIONS:
        body = bodies.get(r["file_name"])
        if body is None:
            continue
        start, end = int(r["char_start"]), int(r["char_end"])
        if not (0 <= start < end <= len(body)) or body[start:end] != r["surface"]:
            bad.append((r["file_name"], r["surface"], start, end, body[start:end] if body else None))
    assert not bad, bad[:20]


def test_mention_fields():
    for r in MENTIONS:
        assert r["entity_type"] in ENTITY_TYPES, r
        assert r["entity_name"].strip(), r
        assert r["surface"] and r["surface"] == r["surface"].strip(), r
        assert r["country_iso3"] == "" or ISO3_RE.match(r["country_iso3"]), r
        if r["entity_type"] == "country":
            assert ISO3_RE.match(r["country_iso3"]), r
        if r["entity_type"] != "person":
            assert r["role"] == "", r


def test_mentions_sorted():
    keys = [(r["file_name"], int(r["char_start"])) for r in MENTIONS]
    assert keys == sorted(keys)


def test_mentions_do_not_overlap():
    by_file = defaultdict(list)
    for r in MENTIONS:
        by_file[r["file_name"]].append((int(r["char_start"]), int(r["char_end"])))
    for name, spans in by_file.items():
        spans.sort()
        for (s1, e1), (s2, e2) in zip(spans, spans[1:], strict=False):
            assert e1 <= s2, (name, (s1, e1), (s2, e2))


def test_person_role_consistent_within_article():
    roles = defaultdict(set)
    for r in MENTIONS:
        if r["entity_type"] == "person":
            roles[(r["file_name"], r["entity_name"])].add(r["role"])
    inconsistent = {k: v for k, v in roles.items() if len(v) > 1}
    assert not inconsistent, inconsistent


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_article_minimum_annotations(path: Path):
    rows = [r for r in MENTIONS if r["file_name"] == path.name]
    types = defaultdict(set)
    for r in rows:
        key = r["country_iso3"] if r["entity_type"] == "country" else r["entity_name"]
        types[r["entity_type"]].add(key)
    assert len(types["person"]) >= 1, path.name
    assert len(types["organization"]) >= 1, path.name
    assert len(types["country"]) >= 2, path.name


# ---------------------------------------------------------------- article countries

ARTICLE_COUNTRIES = load_article_countries()


def test_every_article_has_countries():
    covered = {r["file_name"] for r in ARTICLE_COUNTRIES}
    missing = sorted(set(IDS) - covered)
    assert not missing, missing


def test_article_countries_valid():
    names = set(IDS)
    seen = set()
    for r in ARTICLE_COUNTRIES:
        assert r["file_name"] in names, r
        assert ISO3_RE.match(r["country_iso3"]), r
        key = (r["file_name"], r["country_iso3"])
        assert key not in seen, f"duplicate row {key}"
        seen.add(key)
