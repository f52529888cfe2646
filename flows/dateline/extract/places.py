"""Countries (with ISO 3166 alpha-3 codes) and other locations, found by gazetteer look-up."""

from __future__ import annotations

from dateline.extract.gazetteer import NON_ENTITY_WORDS, Candidate, Doc, Gazetteer
from dateline.extract.lexicon import given_names, words
from dateline.extract.registry import Context, Priority, extractor

# Mentions of these make "Georgia" the country rather than the US state.
_GEORGIA_COUNTRY_CUES = words("georgia_country_cue")
# Place words that only count when followed by a hyphen ("Sino-Cambodian").
_HYPHEN_ONLY = words("hyphen_only_place")
# Place words that are too often something else when they stand alone.
_NEEDS_CONTEXT = words("place_needs_the")


def find_places(doc: Doc, gaz: Gazetteer, given_names: frozenset[str] = frozenset()) -> list[Candidate]:
    words, joined = doc.words, doc.joined
    n = len(words)
    out: list[Candidate] = []
    georgia_iso: str | None = None
    nxt = 0
    index = gaz.places
    for i in doc.caps:
        if i < nxt:
            continue
        w = words[i]
        hit = index.match(words, joined, i)
        if hit is None:
            if w in ("Georgia", "GEORGIA"):
                if georgia_iso is None:
                    georgia_iso = "GEO" if any(c in _GEORGIA_COUNTRY_CUES for c in words) else "USA"
                if georgia_iso == "GEO":
                    out.append(Candidate(i, i + 1, "country", "Georgia", "GEO", priority=Priority.LISTED_PLACE))
                else:
                    out.append(Candidate(i, i + 1, "location", "Georgia", "USA", priority=Priority.SHAPE_WITH_HEAD))
            continue
        size, entry = hit
        j = i + size
        if size == 1:
            if w in _HYPHEN_ONLY and not (j < n and words[j] == "-" and joined[j]):
                continue
            # "Michael Jordan", "George Washington": a given name right before it.
            if i > 0 and joined[i] and words[i - 1] in given_names:
                continue
            if w in _NEEDS_CONTEXT and not (i > 0 and words[i - 1] in ("the", "The")):
                continue
        # "U.S." at the end of a sentence keeps its dot as part of the token: fine.
        out.append(
            Candidate(i, j, entry.entity_type, entry.name, entry.iso3,
                      priority=Priority.LISTED_COUNTRY if entry.entity_type != "location"
                      else Priority.LISTED_PLACE)
        )
        nxt = j
    return out


# Words that end the name of a place: "Shan State", "Ayungin Shoal", "Natuna Islands".
_PLACE_HEADS = words("place_head")
# Lower-case words after a place name: "Kampong Chhnang province", "Maco town".
_PLACE_NOUNS = words("place_noun")
_NOT_PLACE_PREFIX = words("not_place_prefix")
_PLACE_PREFIXES = words("place_prefix")  # Lake, Mount, Estadio ...: a place name follows


def _cap(w: str) -> bool:
    return w[:1].isupper() and not (len(w) > 1 and w.isupper())


def find_place_patterns(doc: Doc, gaz: Gazetteer, known_iso: dict[int, str | None]) -> list[Candidate]:
    """Places the gazetteer does not know, recognised by their form:
    - capitalised words ending in a place word: "Shan State", "Luconia Shoals";
    - capitalised words before "province", "district", ...: "Kampong Chhnang province";
    - capitalised words before ", <known place>": "Masara, Davao de Oro".
    """
    from dateline.extract.gazetteer import NON_ENTITY_WORDS

    words, joined = doc.words, doc.joined
    n = len(words)
    out: list[Candidate] = []

    def run_back(end: int, limit: int = 4) -> int:
        """Start of the capitalised run ending before ``end``."""
        s = end
        while s - 1 >= 0 and end - (s - 1) <= limit and joined[s] if s < n else False:
            w = words[s - 1]
            if _cap(w) and w not in NON_ENTITY_WORDS or w in ("de", "do", "da", "del", "-") and s - 2 >= 0 and _cap(words[s - 2]):
                s -= 1
            else:
                break
        # "St. Paul", "Ft. Worth", "Mt. Pinatubo"
        if s >= 2 and s < end and words[s - 1] == "." and words[s - 2] in ("St", "Ft", "Mt", "Pt") \
                and doc.ends[s - 2] == doc.starts[s - 1]:
            s -= 2
        while s < end and (words[s] in ("de", "do", "da", "del", "-") or doc.sent_start[s]
                           and words[s].lower() in doc.lower_vocab):
            s += 1
        return s

    for k in range(1, n):
        w = words[k]
        if doc.no_person[k] and not doc.upper[k]:
            continue
        if w in _PLACE_PREFIXES and k + 2 < n and joined[k + 1] and not doc.upper[k] and (
                _cap(words[k + 1]) and words[k + 1] not in NON_ENTITY_WORDS
                or words[k + 1] in ("de", "da", "do", "del") and _cap(words[k + 2])):
            # "Lake Victoria", "Estadio da Luz", "Mount Pinatubo"
            e = k + 1
            while e < n and e - k <= 3 and joined[e] and (
                    _cap(words[e]) and words[e] not in NON_ENTITY_WORDS
                    or words[e] in ("de", "da", "do", "del") and e + 1 < n and _cap(words[e + 1])):
                e += 1
            out.append(Candidate(k, e, "location", _text(doc, k, e), None, priority=Priority.SHAPE_WITH_HEAD))
        if w in _PLACE_HEADS and joined[k] and not doc.upper[k]:
            s = run_back(k)
            if s < k and words[s] not in _NOT_PLACE_PREFIX:
                iso = None
                for p in range(s, k):
                    if p in known_iso:
                        iso = known_iso[p]
                out.append(Candidate(s, k + 1, "location", _text(doc, s, k + 1), iso,
                                     priority=Priority.SHAPE_WITH_HEAD))
        elif w in _PLACE_NOUNS and joined[k]:
            end = k
            while True:
                s = run_back(end)
                if s < end and not all(p in known_iso for p in range(s, end)):
                    out.append(Candidate(s, end, "location", _text(doc, s, end), None,
                                         priority=Priority.SHAPE))
                elif s < end:
                    pass
                else:
                    break
                # lists: "Battambang, Pailin and Banteay Meanchey provinces"
                if s >= 2 and words[s - 1] in (",", "and") and _cap(words[s - 2]):
                    end = s - 1
                    if words[end - 1] == "," and end >= 2:
                        end -= 0
                    continue
                break
        elif w == "," and k + 1 < n and k - 1 >= 0 and _cap(words[k - 1]) and (k + 1) in known_iso \
                and known_iso[k + 1] is not None and not doc.upper[k]:
            # "Masara, Davao de Oro" / "Lugano, Switzerland": an unknown place before a known one
            if k + 2 < n and words[k + 2] in ("'s", "’s"):
                continue
            s = run_back(k, 3)
            if s < k and all(p not in known_iso for p in range(s, k)) \
                    and words[s] not in GIVEN_NAMES_GUARD:
                out.append(Candidate(s, k, "location", _text(doc, s, k), known_iso[k + 1],
                                     priority=Priority.SHAPE))
    return out


GIVEN_NAMES_GUARD: frozenset[str] = frozenset()


def _text(doc: Doc, i: int, j: int) -> str:
    return " ".join(doc.body[doc.starts[i] : doc.ends[j - 1]].split())


@extractor("places")
def listed_places(ctx: Context) -> list[Candidate]:
    """Countries and places of the gazetteer; leaves the ISO code of each token it covers."""
    found = find_places(ctx.doc, ctx.gaz, given_names())
    known: dict[int, str | None] = {}
    for c in found:
        for k in range(c.i, c.j):
            known[k] = c.iso3
    ctx.shared["known_iso"] = known
    return found


@extractor("place_patterns", after=("places", "organizations", "defined_acronyms", "short_forms"))
def place_patterns(ctx: Context) -> list[Candidate]:
    """Places recognised by their form, except shape-only ones inside an organisation."""
    org_tokens = {k for c in ctx.candidates(("organizations", "defined_acronyms", "short_forms"))
                  if c.entity_type == "organization" for k in range(c.i, c.j)}
    known = ctx.shared["known_iso"]
    return [c for c in find_place_patterns(ctx.doc, ctx.gaz, known)  # type: ignore[arg-type]
            if c.priority > Priority.SHAPE or not any(k in org_tokens for k in range(c.i, c.j))]


_DATELINE_AFTER = frozenset(("-", "(", "—", "–"))
_CITY_CUES = words("city_cue")  # "in", "at", "near" ...: a city may follow
_ORDINARY = words("not_given_name")  # capitalised ordinary words: "March", "Will"


def _dateline(doc: Doc, gaz: Gazetteer) -> tuple[int, int, str, str | None, Candidate | None] | None:
    """The dateline opening the first text paragraph: "KESTREL FALLS, Ore. 1996-08-04 -",
    "LISBON 1997-08-03 -", "SAINT-ALBAN-DES-COMBES, France ...": (start, end, name, iso3,
    the state or province abbreviation after it as a location)."""
    words, joined = doc.words, doc.joined
    first = next((p for p, kind in zip(doc.paragraphs, doc.para_kind, strict=False) if kind == "text"), None)
    if first is None:
        return None
    a, b = first
    j = a
    while j < b and j - a < 8 and (j == a or joined[j]):
        w = words[j]
        capital_word = w.isalpha() and w.isupper() and (len(w) > 1 or j + 1 < b and words[j + 1] == "-")
        inner_hyphen = w == "-" and j > a and doc.starts[j] == doc.ends[j - 1] and j + 1 < b and words[j + 1].isupper()
        if capital_word or inner_hyphen:
            j += 1
        else:
            break
    if j == a or j >= b or sum(len(w) for w in words[a:j]) < 3:
        return None
    iso3 = None
    region = None
    k = j
    if words[j] == ",":
        hit = gaz.regions.match(words, joined, j + 1) if j + 1 < b else None
        place = gaz.places.match(words, joined, j + 1) if j + 1 < b and hit is None else None
        if hit is not None:
            k = j + 1 + hit[0]
            iso3 = hit[1][1]  # type: ignore[index]
            region = Candidate(j + 1, k, "location", hit[1][0], iso3, priority=Priority.MARKED)  # type: ignore[index]
        elif place is not None and place[1].entity_type in ("country", "location"):  # type: ignore[attr-defined]
            k = j + 1 + place[0]
            iso3 = place[1].iso3  # type: ignore[attr-defined]
        else:
            return None
    if k >= b or not (words[k][:1].isdigit() or words[k] in _DATELINE_AFTER):
        return None
    known = gaz.places.match(words, joined, a) or gaz.cities.match(words, joined, a)
    if known is not None and known[0] == j - a and known[1].entity_type == "location":  # type: ignore[attr-defined]
        return a, j, known[1].name, known[1].iso3 or iso3, region  # type: ignore[attr-defined]
    if known is not None and known[0] == j - a:
        return None  # a country: found by the gazetteer
    name = "".join(w.capitalize() if w.isalpha() else w for w in _spaced(doc, a, j))
    return a, j, name, iso3, region


def _spaced(doc: Doc, a: int, j: int) -> list[str]:
    out = []
    for k in range(a, j):
        if k > a and doc.starts[k] > doc.ends[k - 1]:
            out.append(" ")
        out.append(doc.words[k])
    return out


@extractor("datelines", after=("places",))
def datelines(ctx: Context) -> list[Candidate]:
    """The place of the dateline, and its other mentions in capitals or title case."""
    doc = ctx.doc
    found = _dateline(doc, ctx.gaz)
    if found is None:
        return []
    a, j, name, iso3, region = found
    ctx.shared["dateline_iso3"] = iso3
    out = [Candidate(a, j, "location", name, iso3, priority=Priority.MARKED)]
    if region is not None:
        out.append(region)
    key = [w.upper() for w in doc.words[a:j]]
    size = j - a
    for i in doc.caps:
        if i == a or i + size > len(doc.words):
            continue
        if [w.upper() for w in doc.words[i:i + size]] == key and all(doc.joined[i + 1:i + size]) \
                and not (i + size < len(doc.words) and doc.joined[i + size] and doc.words[i + size][:1].isupper()):
            out.append(Candidate(i, i + size, "location", name, iso3, priority=Priority.LISTED_PLACE))
    return out


@extractor("cities", after=("places",))
def cities_in_context(ctx: Context) -> list[Candidate]:
    """A city of over 15,000 people right after "in", "at", "near" ... ("in Kisumu"), when
    no longer capitalised name goes on and it is not a given name; then its other mentions."""
    doc, gaz = ctx.doc, ctx.gaz
    words, joined = doc.words, doc.joined
    taken = {k for c in ctx.found["places"] for k in range(c.i, c.j)}
    ends = {c.j for c in ctx.found["places"] if c.entity_type == "location"}
    out = []
    n = len(words)
    for i in doc.caps:
        if i == 0 or i in taken or doc.upper[i] or not joined[i]:
            continue
        listed = i >= 2 and words[i - 1] in ("and", "or", ",") and i - 1 in ends  # "Kisumu and Malaba"
        if words[i - 1] not in _CITY_CUES and not listed:
            continue
        hit = gaz.cities.match(words, joined, i)
        if hit is None:
            continue
        size, entry = hit
        j = i + size
        if j < n and joined[j] and words[j][:1].isupper() or words[i] in given_names():
            continue
        if any(words[k].lower() in doc.lower_vocab or words[k] in NON_ENTITY_WORDS or words[k] in _ORDINARY
               for k in range(i, j)):
            continue
        out.append(Candidate(i, j, "location", entry.name, entry.iso3,  # type: ignore[attr-defined]
                             priority=Priority.SHAPE_WITH_HEAD))
        ends.add(j)
    if not out:
        return out
    # a city found once is that city wherever the story names it again on its own
    found = {tuple(words[c.i:c.j]): c for c in out}
    seen = {c.i for c in out}
    for i in doc.caps:
        if i in seen or i in taken or doc.no_person[i] and not doc.upper[i]:
            continue
        for key, c in found.items():
            j = i + len(key)
            if tuple(words[i:j]) == key and all(joined[i + 1:j]) and not (j < n and joined[j] and words[j][:1].isupper()) \
                    and not (i > 0 and joined[i] and words[i - 1][:1].isupper() and not doc.sent_start[i]):
                out.append(Candidate(i, j, "location", c.name, c.iso3, priority=Priority.SHAPE_WITH_HEAD))
                break
    return out
