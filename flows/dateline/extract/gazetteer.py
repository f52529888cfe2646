"""Reference data for entity extraction: countries, places, organisations and titles.

Loaded once (cached per seeds folder) from the dbt-style seed CSVs in ``seeds/`` plus
pycountry (current and historic countries, US/Canadian/Australian subdivisions).
Everything is turned into token-keyed dictionaries so that a document is scanned
once, token by token, with a dict look-up per token (no per-pattern loops).
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry

from dateline.parse import split_paragraphs
from dateline.settings import SEEDS_DIR as DEFAULT_SEEDS_DIR

# One token: an acronym with dots (U.S., N.V.), a possessive 's, a word (letters and
# digits, with inner apostrophes or ampersands: O'Malley, AT&T), or one other
# non-space character.
TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"
    r"|['’][sS](?![^\W_])"
    r"|[^\W_]+(?:[&'’](?![sS](?![^\W_]))[^\W_]+)*"
    r"|[^\w\s]|_"
)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for every token of ``text``."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def key_of(phrase: str) -> tuple[str, ...]:
    """The token tuple a gazetteer phrase is looked up by."""
    return tuple(m.group() for m in TOKEN_RE.finditer(phrase))


@dataclass(frozen=True, slots=True)
class Entry:
    """What a gazetteer phrase stands for."""

    entity_type: str  # "country", "location" or "organization"
    name: str  # canonical name
    iso3: str | None = None
    kind: str = ""


@dataclass(slots=True)
class PhraseIndex:
    """Longest-match index: first token -> [(token tuple, value)], longest first."""

    by_first: dict[str, list[tuple[tuple[str, ...], object]]] = field(default_factory=dict)

    def add(self, key: tuple[str, ...], value: object, *, replace: bool = False) -> None:
        if not key:
            return
        bucket = self.by_first.setdefault(key[0], [])
        for index, (existing, _) in enumerate(bucket):
            if existing == key:
                if replace:
                    bucket[index] = (key, value)
                return
        bucket.append((key, value))
        bucket.sort(key=lambda item: -len(item[0]))

    def match(
        self, words: list[str], joined: list[bool], i: int
    ) -> tuple[int, object] | None:
        """Longest phrase starting at token ``i``: (token count, value)."""
        bucket = self.by_first.get(words[i])
        if bucket is None:
            return None
        n = len(words)
        for key, value in bucket:
            size = len(key)
            if i + size > n:
                continue
            ok = True
            for k in range(1, size):
                if words[i + k] != key[k] or not joined[i + k]:
                    ok = False
                    break
            if ok:
                return size, value
        return None

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return any(existing == key for existing, _ in self.by_first.get(key[0], ()))


@dataclass(slots=True)
class Gazetteer:
    places: PhraseIndex  # countries and locations (Entry)
    orgs: PhraseIndex  # organisations (Entry)
    titles: PhraseIndex  # lower-cased title token tuples -> normalised role ("" = honorific)
    country_names: dict[str, str]  # iso3 -> canonical country name
    place_words: frozenset[str]  # single tokens that are places (exact case)
    org_acronyms: frozenset[str]
    seeds_dir: Path


def _canonical_country_name(country: object) -> str:
    common = getattr(country, "common_name", None)
    if common:
        return common
    name = country.name  # type: ignore[attr-defined]
    if ", " in name:
        name = name.split(", ")[0]
    if " (" in name:
        name = name.split(" (")[0]
    return name


# Country names that pycountry spells in a way news text does not, or that need care.
_NAME_OVERRIDES = {"TUR": "Turkey", "RUS": "Russia", "CZE": "Czech Republic", "BRN": "Brunei",
                   "COD": "Democratic Republic of the Congo", "PSE": "Palestine",
                   "VAT": "Vatican", "MKD": "North Macedonia", "SWZ": "Eswatini",
                   "CSK": "Czechoslovakia", "YUG": "Yugoslavia", "SUN": "Soviet Union",
                   "DDR": "East Germany", "BUR": "Burma", "ZAR": "Zaire",
                   "RHO": "Rhodesia", "VDR": "North Vietnam", "YMD": "South Yemen",
                   "HVO": "Upper Volta", "BYS": "Byelorussia", "TMP": "East Timor",
                   "GBR": "United Kingdom", "USA": "United States", "CIV": "Ivory Coast",
                   "CPV": "Cape Verde", "FLK": "Falkland Islands", "MAC": "Macau"}
# Names that also are ordinary words or given names: only their exact listed forms.
_SKIP_COUNTRY_FORMS = {"Georgia"}
# Historic entries whose names are ordinary geography today ("Pacific Islands").
_SKIP_HISTORIC = {"PCI", "FXX", "PUS", "ATN"}  # handled in places.py (country or US state)


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(handle)
        ]


def _variants(phrase: str) -> list[str]:
    """The phrase as written, and in capitals for all-caps headlines."""
    out = [phrase]
    upper = phrase.upper()
    if upper != phrase:
        out.append(upper)
    return out


def build_gazetteer(seeds_dir: Path | str | None = None) -> Gazetteer:
    """Build a gazetteer (uncached); use :func:`load_gazetteer` in normal code."""
    seeds = Path(seeds_dir) if seeds_dir is not None else DEFAULT_SEEDS_DIR
    places = PhraseIndex()
    orgs = PhraseIndex()
    titles = PhraseIndex()
    country_names: dict[str, str] = {}

    def add_place(phrase: str, entry: Entry, *, replace: bool = False) -> None:
        for variant in _variants(phrase):
            places.add(key_of(variant), entry, replace=replace)

    # 1. Countries from pycountry: current ones first, historic ones after.
    for country in list(pycountry.countries) + list(pycountry.historic_countries):
        iso3 = country.alpha_3
        if iso3 in country_names and country in pycountry.historic_countries:
            continue
        name = _NAME_OVERRIDES.get(iso3) or _canonical_country_name(country)
        country_names.setdefault(iso3, name)
    for country in list(pycountry.countries) + list(pycountry.historic_countries):
        iso3 = country.alpha_3
        if iso3 in _SKIP_HISTORIC and country in pycountry.historic_countries:
            continue
        entry = Entry("country", country_names[iso3], iso3, "country")
        forms = {country_names[iso3], _canonical_country_name(country)}
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                forms.add(value)
        for form in sorted(forms - _SKIP_COUNTRY_FORMS):
            add_place(form, entry)
            if form.startswith(("Republic", "Kingdom", "Union", "Federation", "Commonwealth")):
                add_place("the " + form, entry)

    # 2. Aliases, demonyms and historic short forms from the seed.
    for row in _read_csv(seeds / "country_aliases.csv"):
        iso3 = row["iso3"].upper()
        if iso3 not in country_names:
            continue
        add_place(row["alias"], Entry("country", country_names[iso3], iso3, "country"),
                  replace=True)

    # 3. Sub-national units from pycountry where their names are plain English.
    for code in ("US", "CA", "AU"):
        iso3 = pycountry.countries.get(alpha_2=code).alpha_3
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            if sub.type not in ("State", "Province", "Territory", "District"):
                continue
            if sub.name in _SKIP_COUNTRY_FORMS or sub.name in country_names.values():
                continue
            entry = Entry("location", sub.name, iso3, sub.type.lower())
            for variant in _variants(sub.name):
                if key_of(variant) not in places:
                    places.add(key_of(variant), entry)

    # 4. Cities, regions, seas from the seed (never override a country).
    for row in _read_csv(seeds / "locations.csv"):
        iso3 = row.get("iso3", "").upper() or None
        entry = Entry("location", row["name"], iso3, row.get("kind", ""))
        for variant in _variants(row["name"]):
            key = key_of(variant)
            if key not in places:
                places.add(key, entry)

    # 5. Organisations.
    acronyms: set[str] = set()
    for row in _read_csv(seeds / "organizations.csv"):
        entry = Entry("organization", row["name"], None, row.get("kind", ""))
        for phrase in (row["name"], row.get("alias", "")):
            if not phrase:
                continue
            for variant in _variants(phrase):
                orgs.add(key_of(variant), entry)
            if phrase.isupper() and len(phrase) <= 6:
                acronyms.add(phrase)

    # 6. Titles, matched case-insensitively.
    for row in _read_csv(seeds / "person_titles.csv"):
        titles.add(tuple(t.lower() for t in key_of(row["title"])), row.get("normalized", ""))

    place_words = frozenset(k[0] for k, _ in _iter_index(places) if len(k) == 1)
    return Gazetteer(places, orgs, titles, country_names, place_words,
                     frozenset(acronyms), seeds)


def _iter_index(index: PhraseIndex):
    for bucket in index.by_first.values():
        yield from bucket


@lru_cache(maxsize=8)
def _cached(seeds_key: str, fingerprint: tuple) -> Gazetteer:
    return build_gazetteer(Path(seeds_key))


def seeds_fingerprint(seeds_dir: Path) -> tuple:
    """(name, size, mtime) of every seed CSV: a cache built from them is stale once this changes."""
    return tuple((p.name, st.st_size, st.st_mtime_ns) for p in sorted(seeds_dir.glob("*.csv")) for st in [p.stat()])


def load_gazetteer(seeds_dir: Path | str | None = None) -> Gazetteer:
    """The gazetteer for ``seeds_dir`` (default: the repository's ``seeds/``), built once per
    version of its CSVs (an edited seed is picked up by the next run in the same process)."""
    path = (Path(seeds_dir) if seeds_dir is not None else DEFAULT_SEEDS_DIR).resolve()
    return _cached(str(path), seeds_fingerprint(path))


# ---------------------------------------------------------------------------
# A tokenised document, shared by the extractors.

_SENTENCE_END = frozenset(".!?:;\"“”")
_OPENERS = frozenset(("(", "[", "'", "‘", "—", "-"))


@dataclass(slots=True)
class Doc:
    body: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    joined: list[bool]  # token follows the previous one with at most one space, same line
    sent_start: list[bool]  # first word of a sentence, a paragraph or a line
    no_person: list[bool]  # in a headline, a section heading or an all-caps line
    upper: list[bool]  # in an all-caps paragraph (headlines): gazetteer in capitals only
    lower_vocab: frozenset[str]  # words that occur in lower case in the document
    caps: list[int]  # indices of tokens that start with a capital letter or a digit
    paragraphs: list[tuple[int, int]]  # token index ranges [start, end) per paragraph
    para_kind: list[str]  # "headline", "heading", "text"


_LOWER_RE = re.compile(r"[a-z]")
_UPPER_RE = re.compile(r"[A-Z]")


def _mostly_upper(chunk: str) -> bool:
    upper = len(_UPPER_RE.findall(chunk))
    if upper < 4:
        return False
    lower = len(_LOWER_RE.findall(chunk))
    return upper >= 4 * lower


def make_doc(body: str) -> Doc:
    matches = list(TOKEN_RE.finditer(body))
    words = [m.group() for m in matches]
    starts = [m.start() for m in matches]
    ends = [m.end() for m in matches]
    n = len(words)
    gaps = [body[e:s] for e, s in zip(ends, starts[1:], strict=False)]
    joined = [False] + [g == "" or g == " " for g in gaps]
    sent_start = [True] + [p in _SENTENCE_END or "\n" in g for p, g in zip(words, gaps, strict=False)]
    for i in range(2, n):
        if not sent_start[i] and words[i - 1] in _OPENERS and words[i - 2] in _SENTENCE_END:
            sent_start[i] = True
    if n == 0:
        joined, sent_start = [], []
    no_person = [False] * n
    upper = [False] * n
    paragraphs: list[tuple[int, int]] = []
    para_kind: list[str] = []
    t = 0
    for index, para in enumerate(split_paragraphs(body)):
        a, b = para.char_start, para.char_end
        first = bisect_left(starts, a, t)
        t = bisect_left(starts, b, first)
        paragraphs.append((first, t))
        chunk = body[a:b]
        is_upper = _mostly_upper(chunk)
        if index == 0 and (is_upper or para.kind == "headline"):
            kind = "headline"
        elif index > 0 and (para.kind == "heading" or (is_upper and len(chunk) < 200)):
            kind = "heading"
        else:
            kind = "text"
        para_kind.append(kind)
        if kind != "text" or is_upper:
            no_person[first:t] = [True] * (t - first)
            if is_upper:
                upper[first:t] = [True] * (t - first)
    lower_vocab = frozenset(filter(str.islower, words))
    caps = [i for i, w in enumerate(words) if w[0].isupper() or w[0].isdigit()]
    return Doc(body, words, starts, ends, joined, sent_start, no_person, upper,
               lower_vocab, caps, paragraphs, para_kind)


@dataclass(slots=True)
class Candidate:
    """A possible mention over tokens [i, j); overlaps are resolved in entities.py."""

    i: int
    j: int
    entity_type: str
    name: str
    iso3: str | None = None
    role: str | None = None
    priority: float = 0  # breaks ties between spans of equal length: higher wins
    char_start: int = -1  # when the span is not exactly tokens [i, j)
    char_end: int = -1


# Capitalised words that are never names of people, places or organisations on their own.
NON_ENTITY_WORDS = frozenset(
    """
    The A An This That These Those It Its He She They We I You Our Their His Her My Your
    In On At Of For To From By With Without As And But Or Nor So Yet If When While Where
    Despite However Although Though Also Meanwhile Moreover Furthermore Nevertheless
    Today Yesterday Tomorrow Tonight Last Next Earlier Later Now Then Thus Hence Still
    After Before During Since Until Under Over About Against Among Between Through Into
    There Here What Which Who Whom Whose Why How All Any Some Many Most Much More Few
    Each Every Both Either Neither Other Another Such No Not Only Even Just Already
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
    Reuters Reuter REUTER REUTERS Mln Mlns Dlrs Dlr Pct Cts Shr Shrs Qtr Qtly Net Revs Rev Avg
    Year Years Month Months Week Weeks Quarter Nine Six Three Two One Four Five Seven Eight Ten
    First Second Third Fourth Fifth Half New
    """.split()
)
