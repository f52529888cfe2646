"""Countries (with ISO 3166 alpha-3 codes) and other locations, found by gazetteer look-up."""

from __future__ import annotations

from dateline.extract.gazetteer import Candidate, Doc, Gazetteer

# Mentions of these make "Georgia" the country rather than the US state.
_GEORGIA_COUNTRY_CUES = frozenset(
    "Tbilisi Georgian Georgians Abkhazia Ossetia Caucasus Armenia Azerbaijan Russia Russian "
    "Soviet Ukraine Kremlin Moscow Saakashvili Shevardnadze".split()
)
# Place words that only count when followed by a hyphen ("Sino-Cambodian").
_HYPHEN_ONLY = frozenset({"Sino", "SINO"})
# Place words that are too often something else when they stand alone.
_NEEDS_CONTEXT = frozenset({"Gulf", "Pacific", "Atlantic", "Delaware", "Chad", "Jersey", "Columbus"})


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
                    out.append(Candidate(i, i + 1, "country", "Georgia", "GEO", priority=2))
                else:
                    out.append(Candidate(i, i + 1, "location", "Georgia", "USA", priority=1))
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
                      priority=3 if entry.entity_type == "country" else 2)
        )
        nxt = j
    return out


# Words that end the name of a place: "Shan State", "Ayungin Shoal", "Natuna Islands".
_PLACE_HEADS = frozenset(
    """
    Island Islands Isle Shoal Shoals Reef Reefs Atoll Sea Strait Straits Bay River Province
    Region State City Canal Zone Valley Mountains Mountain Peninsula Lake Delta County
    District Harbor Harbour Plateau Highlands Desert Basin Coast Oblast Prefecture Township
    """.split()
)
# Lower-case words after a place name: "Kampong Chhnang province", "Maco town".
_PLACE_NOUNS = frozenset(
    """
    province provinces district districts region regions city town towns village villages
    county state island islands commune municipality township prefecture border port
    """.split()
)
_NOT_PLACE_PREFIX = frozenset(
    "Islamic Secretary Minister Ministry Department Free Member Nation Head Central Federal "
    "United Welfare Nanny Police Security".split()
)


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
        if w in _PLACE_HEADS and joined[k] and not doc.upper[k]:
            s = run_back(k)
            if s < k and words[s] not in _NOT_PLACE_PREFIX:
                iso = None
                for p in range(s, k):
                    if p in known_iso:
                        iso = known_iso[p]
                out.append(Candidate(s, k + 1, "location", _text(doc, s, k + 1), iso, priority=1))
        elif w in _PLACE_NOUNS and joined[k]:
            end = k
            while True:
                s = run_back(end)
                if s == end:
                    break
                if not all(p in known_iso for p in range(s, end)):
                    out.append(Candidate(s, end, "location", _text(doc, s, end), None, priority=0))
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
                out.append(Candidate(s, k, "location", _text(doc, s, k), known_iso[k + 1], priority=0))
    return out


GIVEN_NAMES_GUARD: frozenset[str] = frozenset()


def _text(doc: Doc, i: int, j: int) -> str:
    return " ".join(doc.body[doc.starts[i] : doc.ends[j - 1]].split())
