"""The countries a story is about, ranked with a score.

A reader infers them from evidence, and so does this model. Each piece of evidence adds to
its country's score:

- a mention of the country (1), of a nationality (``nationality_weight``) or of a place in
  it (``place_weight``); the dateline's place counts ``dateline_weight``;
- the organisations named: listed national bodies and markets ("Bundesbank", "Wall
  Street", "Bank of Japan"), and a company's legal form ("AG", "Plc", "SpA", "Inc");
- wire tickers: "<MMWG.F>" is listed in Frankfurt, a ticker without an exchange suffix in
  the United States;
- amounts in a currency ("150 yen", "2.5 mln Swiss francs", "40 mln stg");

from ``seeds/country_evidence.csv`` (cue, kind, iso3, weight). Evidence in the headline
or the lead paragraph counts ``lead_factor`` times. The leader is listed; another country
when it reaches ``share`` of the leader's score and appears in the lead or reaches
``strong_share``. Countries that no longer exist are reported as their successor
(``seeds/country_successors.csv``): the Soviet Union as Russia.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dateline.extract.lexicon import SEEDS_DIR
from dateline.extract.model import Mention


@dataclass(frozen=True)
class Weights:
    nationality_weight: float = 1.0
    place_weight: float = 0.5
    dateline_weight: float = 2.0
    lead_factor: float = 1.5
    share: float = 0.25
    strong_share: float = 0.8
    limit: int = 4


WEIGHTS = Weights()


@dataclass(frozen=True)
class Evidence:
    names: dict[str, tuple[str, float]]  # organisation name -> (iso3, weight)
    legal_forms: dict[str, tuple[str, float]]
    tickers: dict[str, tuple[str, float]]  # exchange suffix ("F") or "-" for none
    currency: re.Pattern[str] | None
    currencies: dict[str, tuple[str, float]]
    successors: dict[str, str]


@lru_cache(maxsize=1)
def evidence(seeds: Path = SEEDS_DIR) -> Evidence:
    tables: dict[str, dict[str, tuple[str, float]]] = defaultdict(dict)
    with (seeds / "country_evidence.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            tables[row["kind"]][row["cue"]] = (row["iso3"], float(row["weight"]))
    with (seeds / "country_successors.csv").open(encoding="utf-8", newline="") as handle:
        successors = {row["iso3"]: row["successor_iso3"] for row in csv.DictReader(handle)}
    cues = sorted(tables["currency"], key=len, reverse=True)
    # an amount in the currency: "150 yen", "1.5 mln stg" (not "Benfica won")
    pattern = re.compile(r"\d\s+(?:(?:mln|bln|billion|million|trillion)\s+)?(" + "|".join(map(re.escape, cues))
                         + r")\b") if cues else None
    tickers = dict(tables["ticker_suffix"])
    tickers.update(tables["ticker_plain"])
    return Evidence(dict(tables["organization"]), dict(tables["legal_form"]), tickers, pattern,
                    dict(tables["currency"]), successors)


_TICKER_RE = re.compile(r"<([A-Z][A-Z0-9]{0,6})(?:\.([A-Z][A-Z0-9]?))?>")


def country_scores(mentions: list[Mention], body: str, weights: Weights = WEIGHTS) -> list[tuple[str, float]]:
    """(iso3, score) of the countries the story is about, best first."""
    ev = evidence()
    lead_end = _lead_end(body)
    dateline_at = _first_text_start(body)
    score: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    in_lead: dict[str, bool] = defaultdict(bool)

    def add(iso3: str, w: float, at: int) -> None:
        iso3 = ev.successors.get(iso3, iso3)
        if at < lead_end:
            w *= weights.lead_factor
            in_lead[iso3] = True
        score[iso3] += w
        first.setdefault(iso3, at)
        first[iso3] = min(first[iso3], at)

    for m in mentions:
        if m.entity_type == "organization":
            hit = ev.names.get(m.name) or ev.names.get(m.surface) or ev.legal_forms.get(m.name.split()[-1].rstrip("."))
            hit = hit or ev.legal_forms.get(m.name.split()[-1])
            if hit is not None:
                add(hit[0], hit[1], m.char_start)
            continue
        if m.entity_type not in ("country", "location", "nationality") or not m.country_iso3:
            continue
        if m.entity_type == "country":
            w = 1.0
        elif m.entity_type == "nationality":
            w = weights.nationality_weight
        elif m.char_start == dateline_at:
            w = weights.dateline_weight
        else:
            w = weights.place_weight
        add(m.country_iso3, w, m.char_start)
    for match in _TICKER_RE.finditer(body):
        hit = ev.tickers.get(match.group(2) or "-")
        if hit is not None:
            add(hit[0], hit[1], match.start())
    if ev.currency is not None:
        for match in ev.currency.finditer(body):
            iso3, w = ev.currencies[match.group(1)]
            add(iso3, w, match.start())
    if not score:
        return []
    ranked = sorted(score, key=lambda k: (-score[k], first[k], k))
    top = score[ranked[0]]
    out = [k for k in ranked if k == ranked[0] or (
        score[k] >= weights.share * top and (in_lead[k] or score[k] >= weights.strong_share * top))]
    return [(k, round(score[k], 2)) for k in out[: weights.limit]]


def _first_text_start(body: str) -> int:
    """Where the first text paragraph starts (where a dateline stands)."""
    first = body.find("\n\n")
    if first < 0:
        return 0
    head = body[:first]
    if len(head) > 200 or head.rstrip().endswith((".", '"', "”")):
        return 0
    return first + 2


def _lead_end(body: str) -> int:
    """End of the headline and the first text paragraph."""
    first = body.find("\n\n")
    if first < 0:
        return min(len(body), 600)
    head = body[:first]
    if len(head) > 200 or head.rstrip().endswith((".", '"', "”")):
        return first  # no headline: the first paragraph is the lead
    second = body.find("\n\n", first + 2)
    return second if second >= 0 else len(body)
