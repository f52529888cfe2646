"""The word lists the extraction rules use, read from ``seeds/``.

- ``word_lists.csv`` (``list,word``): the vocabularies of the rules, one named list per
  purpose (``non_entity``, ``reporting_verb``, ``place_head``, ``rank`` ...);
- ``organization_words.csv`` (``word,kind``): words that end or head organisation names
  (``legal_form``, ``institution``, ``takes_of``, ``takes_in``, ``headline``);
- ``given_names.csv`` (``name``): given names common in English-language news.

They are part of the rules, so they are read once from the repository's seeds, whatever
seeds folder the gazetteer is built from.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import lru_cache

from dateline.settings import SEEDS_DIR


def _read(name: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for row in _read("word_lists.csv"):
        out[row["list"]].add(row["word"])
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _org_words() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for row in _read("organization_words.csv"):
        out[row["kind"]].add(row["word"])
    return {k: frozenset(v) for k, v in out.items()}


def words(name: str) -> frozenset[str]:
    """The word list ``name`` of ``seeds/word_lists.csv``; KeyError for an unknown list."""
    return _lists()[name]


def organization_words(kind: str) -> frozenset[str]:
    """Words of ``seeds/organization_words.csv`` of one kind."""
    return _org_words()[kind]


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names from ``seeds/given_names.csv``."""
    return frozenset(row["name"] for row in _read("given_names.csv"))


@lru_cache(maxsize=1)
def broad_given_names() -> frozenset[str]:
    """About 40,000 given names from many countries, from the ``gender-guesser`` package's
    data file (shipped with the package, read offline), plus ``seeds/given_names.csv``,
    less the ``not_given_name`` words of ``seeds/word_lists.csv`` (given names that are
    more often ordinary English words: Will, May, Grant, Price).
    Broad on purpose: a name from it starts a person only with more evidence than the
    seed list needs (see people.py)."""
    from importlib.resources import files

    names = set(given_names())
    data = files("gender_guesser") / "data" / "nam_dict.txt"
    with data.open(encoding="utf-8") as handle:
        for line in handle:
            if line[:1] in "#=" or len(line) < 30:
                continue
            name = line[3:29].strip()
            if "+" in name:
                continue
            if len(name) >= 2 and name.isalpha() and name[0].isupper() and not name.isupper():
                names.add(name)
    return frozenset(names - words("not_given_name"))
