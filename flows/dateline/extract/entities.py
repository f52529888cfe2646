"""Entity extraction for one article body: countries, locations, persons, organisations.

Pure and deterministic: the same body and seeds give the same mentions. Overlaps are
resolved by keeping the longest span (an organisation "Royal Cambodian Army" swallows the
"Cambodian" inside it); ties go to the more specific rule.
"""

from __future__ import annotations

from collections import defaultdict

from dateline.extract import events, organizations, people, places, results  # noqa: F401  (they register their extractors)
from dateline.extract.countries import country_scores
from dateline.extract.gazetteer import Candidate, Gazetteer, load_gazetteer, make_doc
from dateline.extract.model import ENTITY_TYPES, Mention
from dateline.extract.registry import run, span

# Change whenever the rules or the seeds change in a way that changes output.
EXTRACTOR_VERSION = "entities-2"

# Equal spans of equal priority go to the type listed first.
_TYPE_ORDER = {t: k for k, t in enumerate(ENTITY_TYPES)}


def extract_entities(body: str, *, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """All mentions in ``body``, sorted by position; ``body[start:end] == surface``."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    if not body or not body.strip():
        return []
    doc = make_doc(body)
    if not doc.words:
        return []
    return _to_mentions(doc, run(doc, gaz, _TYPE_ORDER))


_span = span


def _to_mentions(doc, chosen: list[Candidate]) -> list[Mention]:
    body = doc.body
    # Canonical names: a person or organisation named by a part of a longer name of the
    # same kind in the article is that longer name ("Sophan" -> "Mao Sophan",
    # "Cambodian Army" -> "Royal Cambodian Army").
    full: dict[str, list[str]] = defaultdict(list)
    for c in chosen:
        if c.entity_type in ("person", "organization"):
            if c.name not in full[c.entity_type]:
                full[c.entity_type].append(c.name)
    rename: dict[tuple[str, str], str] = {}
    for etype, names in full.items():
        for name in names:
            best = None
            for other in names:
                if other == name or len(other) <= len(name):
                    continue
                if etype == "person":
                    if other.split()[-1] == name or other.endswith(" " + name):
                        best = other if best is None else best
                else:
                    lo, lname = other.casefold(), name.casefold()
                    if lo.endswith(" " + lname) or lo.startswith(lname + " "):
                        if best is None or len(other) < len(best):
                            best = other
            if best is None and etype == "organization" and name.isupper():
                for other in names:
                    if other != name and other.casefold() == name.casefold():
                        best = other
                        break
            if best is not None:
                rename[(etype, name)] = best
    roles: dict[str, str] = {}
    for c in chosen:
        if c.entity_type == "person":
            name = rename.get(("person", c.name), c.name)
            if c.role and name not in roles:
                roles[name] = c.role
    out: list[Mention] = []
    for c in chosen:
        if c.entity_type not in _TYPE_ORDER:
            continue  # an event claims its name and is not exported
        a, b = _span(doc, c)
        surface = body[a:b]
        name = rename.get((c.entity_type, c.name), c.name)
        role = None
        if c.entity_type == "person":
            role = roles.get(name)
        out.append(Mention(c.entity_type, name, surface, a, b,  # type: ignore[arg-type]
                           c.iso3 if c.entity_type in ("country", "location", "nationality") else None,
                           role))
    out.sort(key=lambda m: (m.char_start, m.char_end))
    return out


def article_countries(mentions: list[Mention], body: str, *, limit: int = 4) -> list[str]:
    """ISO3 codes of the countries the story is about, most important first (see
    :mod:`dateline.extract.countries` for the evidence and the scores)."""
    return [iso3 for iso3, _ in country_scores(mentions, body)][:limit]
