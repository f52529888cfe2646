"""Run every extractor over a batch of article versions: DataFrames ready to load."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pycountry

from dateline.extract.countries import country_scores
from dateline.extract.entities import EXTRACTOR_VERSION, extract_entities
from dateline.extract.gazetteer import load_gazetteer
from dateline.extract.themes import THEMES_VERSION, load_themes
from dateline.extract.tone import TONE_VERSION, tone

MENTION_COLUMNS = [
    "article_version_key",
    "char_start",
    "char_end",
    "entity_type",
    "name",
    "country_iso3",
    "surface",
    "role",
    "extractor_version",
]
THEME_COLUMNS = ["article_version_key", "theme", "hits", "themes_version"]
COUNTRY_COLUMNS = ["article_version_key", "country_iso3", "rank", "score", "extractor_version"]
TONE_COLUMNS = ["tone", "positive", "negative", "polarity", "tone_version"]


@dataclass(frozen=True)
class Extracted:
    mentions: pd.DataFrame
    themes: pd.DataFrame
    countries: pd.DataFrame
    tone: pd.DataFrame  # indexed like the input, one row per article version


EVERY = 25  # articles between two calls of ``advance``


def extract_batch(articles: pd.DataFrame, *, seeds_dir: Path | None = None, advance: Callable[[int], None] | None = None) -> Extracted:
    """Mentions, themes, the countries each story is about, and tone, for every row of
    ``articles`` (columns article_version_key and body); ``advance(n)`` is told every EVERY
    articles, and at the end, how many more are done."""
    gazetteer = load_gazetteer(seeds_dir)
    matcher = load_themes(seeds_dir)
    mentions: list[tuple] = []
    themes: list[tuple] = []
    countries: list[tuple] = []
    tones: list[tuple] = []
    for done, (key, body) in enumerate(zip(articles["article_version_key"], articles["body"], strict=True), 1):
        found = extract_entities(body, gazetteer=gazetteer)
        mentions += [
            (key, m.char_start, m.char_end, m.entity_type, m.name, m.country_iso3, m.surface, m.role, EXTRACTOR_VERSION)
            for m in found
        ]
        themes += [(key, theme, hits, THEMES_VERSION) for theme, hits in matcher.count(body).items()]
        countries += [(key, iso3, rank, score, EXTRACTOR_VERSION)
                      for rank, (iso3, score) in enumerate(country_scores(found, body), 1)]
        scored = tone(body)
        tones.append((scored.tone, scored.positive, scored.negative, scored.polarity, TONE_VERSION))
        if advance is not None and (done % EVERY == 0 or done == len(articles)):
            advance(done % EVERY or EVERY)
    return Extracted(
        mentions=pd.DataFrame(mentions, columns=MENTION_COLUMNS),
        themes=pd.DataFrame(themes, columns=THEME_COLUMNS),
        countries=pd.DataFrame(countries, columns=COUNTRY_COLUMNS),
        tone=pd.DataFrame(tones, columns=TONE_COLUMNS, index=articles.index),
    )


def for_versions(extracted: Extracted, new: pd.DataFrame, provisional: str) -> Extracted:
    """The rows of ``extracted``, extracted under the provisional key column ``provisional`` of
    ``new`` (tone indexed by it), for the rows of ``new`` only, keyed by their article_version_key
    and with tone indexed like ``new``. A chunk is extracted before its versions are assigned."""
    keys = dict(zip(new[provisional], new["article_version_key"], strict=True))

    def kept(rows: pd.DataFrame) -> pd.DataFrame:
        rows = rows[rows["article_version_key"].isin(keys)]
        return rows.assign(article_version_key=rows["article_version_key"].map(keys)).reset_index(drop=True)

    return Extracted(
        mentions=kept(extracted.mentions),
        themes=kept(extracted.themes),
        countries=kept(extracted.countries),
        tone=extracted.tone.loc[new[provisional]].set_axis(new.index),
    )


def theme_rows(seeds_dir: Path | None = None) -> pd.DataFrame:
    """dim_theme rows: the taxonomy's themes with their keyword counts."""
    matcher = load_themes(seeds_dir)
    rows = [(t.code, t.label, t.category, len(t.keywords)) for t in matcher.themes.values()]
    return pd.DataFrame(rows, columns=["theme", "label", "category", "keyword_count"])


def country_rows(seeds_dir: Path | None = None) -> pd.DataFrame:
    """dim_country rows: ISO 3166-1 countries, then the ISO 3166-3 historical ones, named as
    the extractor names them."""
    names = load_gazetteer(seeds_dir).country_names
    rows = {
        c.alpha_3: (c.alpha_3, c.alpha_2, names.get(c.alpha_3, c.name), getattr(c, "official_name", None), False)
        for c in pycountry.countries
    }
    for c in pycountry.historic_countries:
        rows.setdefault(c.alpha_3, (c.alpha_3, getattr(c, "alpha_2", None), names.get(c.alpha_3, c.name), c.name, True))
    return pd.DataFrame(sorted(rows.values()), columns=["iso3", "iso2", "name", "official_name", "is_historical"])
