"""Entity extraction for one article body: countries, locations, persons, organisations.

Pure and deterministic: the same body and seeds give the same mentions. Overlaps are
resolved by keeping the longest span (an organisation "Royal Cambodian Army" swallows the
"Cambodian" inside it); ties go to the more specific rule.
"""

from __future__ import annotations

from collections import defaultdict

from dateline.extract.gazetteer import Candidate, Gazetteer, load_gazetteer, make_doc
from dateline.extract.model import Mention
from dateline.extract.organizations import (
    find_acronyms,
    find_organizations,
    find_short_forms,
    find_standalone_acronyms,
    short_forms,
)
from dateline.extract.people import GIVEN_NAMES, find_people, find_short_references
from dateline.extract.places import find_place_patterns, find_places

# Change whenever the rules or the seeds change in a way that changes output.
EXTRACTOR_VERSION = "entities-1"

_TYPE_ORDER = {"organization": 0, "person": 1, "country": 2, "location": 3}


def extract_entities(body: str, *, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """All mentions in ``body``, sorted by position; ``body[start:end] == surface``."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    if not body or not body.strip():
        return []
    doc = make_doc(body)
    if not doc.words:
        return []

    candidates: list[Candidate] = []
    places = find_places(doc, gaz, GIVEN_NAMES)
    candidates += places
    known_iso: dict[int, str | None] = {}
    for c in places:
        for k in range(c.i, c.j):
            known_iso[k] = c.iso3
    orgs = find_organizations(doc, gaz)
    acronyms = find_acronyms(doc, gaz, orgs)
    candidates += orgs
    # acronyms defined in the text, wherever they occur
    if acronyms:
        for k, w in enumerate(doc.words):
            hit = acronyms.get(w)
            if hit is not None:
                etype, name, iso3 = hit
                candidates.append(Candidate(k, k + 1, etype, name, iso3=iso3, priority=4))
    # short forms of the organisations the article named in full
    index = short_forms(doc, gaz, orgs, GIVEN_NAMES)
    candidates += find_short_forms(doc, index)
    org_tokens = {k for c in candidates if c.entity_type == "organization" for k in range(c.i, c.j)}
    candidates += [c for c in find_place_patterns(doc, gaz, known_iso)
                   if c.priority > 0 or not any(k in org_tokens for k in range(c.i, c.j))]
    candidates += find_standalone_acronyms(doc, gaz, {k for c in candidates for k in range(c.i, c.j)})
    # a given name that is also the distinctive word of an organisation here ("Heinz",
    # "Dean") does not start a person on its own evidence
    org_words = {doc.words[k] for c in candidates if c.entity_type == "organization"
                 for k in range(c.i, c.j) if len(doc.words[k]) > 3}
    candidates += [c for c in find_people(doc, gaz)
                   if c.priority > 2 or doc.words[c.i] not in org_words]
    # people who lose to a longer or more specific name do not spawn short references
    first_pass = _select(doc, candidates)
    people = [c for c in first_pass if c.entity_type == "person"]
    refs = find_short_references(doc, people)
    chosen = _select(doc, candidates + refs) if refs else first_pass
    return _to_mentions(doc, chosen)


def _span(doc, c: Candidate) -> tuple[int, int]:
    if c.char_start >= 0:
        return c.char_start, c.char_end
    return doc.starts[c.i], doc.ends[c.j - 1]


def _select(doc, candidates: list[Candidate]) -> list[Candidate]:
    def rank(c: Candidate):
        a, b = _span(doc, c)
        return (-(b - a), -c.priority, a, _TYPE_ORDER.get(c.entity_type, 9), c.name)

    taken = bytearray(len(doc.words))
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=rank):
        if c.j <= c.i:
            continue
        if any(taken[k] for k in range(c.i, c.j)):
            continue
        for k in range(c.i, c.j):
            taken[k] = 1
        chosen.append(c)
    chosen.sort(key=lambda c: _span(doc, c))
    return chosen


def _to_mentions(doc, chosen: list[Candidate]) -> list[Mention]:
    body = doc.body
    # Canonical names: a person or organisation named by a part of a longer name of the
    # same kind in the article is that longer name ("Sophan" -> "Mao Sophan",
    # "Cambodian Army" -> "Royal Cambodian Army").
    full: dict[str, list[str]] = defaultdict(list)
    for c in chosen:
        if c.entity_type in ("person", "organization") and c.name not in full[c.entity_type]:
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
        a, b = _span(doc, c)
        surface = body[a:b]
        name = rename.get((c.entity_type, c.name), c.name)
        role = None
        if c.entity_type == "person":
            role = roles.get(name)
        out.append(Mention(c.entity_type, name, surface, a, b,  # type: ignore[arg-type]
                           c.iso3 if c.entity_type in ("country", "location") else None,
                           role))
    out.sort(key=lambda m: (m.char_start, m.char_end))
    return out


def article_countries(mentions: list[Mention], body: str, *, limit: int = 4) -> list[str]:
    """ISO3 codes of the countries the story is about, most important first.

    Each country mention counts 1 and each located place 0.5 towards its country; a
    mention in the headline or the first paragraph (the lead) counts double. A country is
    listed when the lead mentions it and it has at least a quarter of the leader's weight
    (the leader is always listed); at most ``limit`` countries.
    """
    if not mentions:
        return []
    lead_end = _lead_end(body)
    weight: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    in_lead: dict[str, bool] = defaultdict(bool)
    for m in mentions:
        if m.entity_type not in ("country", "location") or not m.country_iso3:
            continue
        w = 1.0 if m.entity_type == "country" else 0.5
        if m.char_start < lead_end:
            w *= 2
            in_lead[m.country_iso3] = True
        weight[m.country_iso3] += w
        first.setdefault(m.country_iso3, m.char_start)
    if not weight:
        return []
    ranked = sorted(weight, key=lambda k: (-weight[k], first[k], k))
    top = weight[ranked[0]]
    out = [k for k in ranked if k == ranked[0] or (in_lead[k] and weight[k] >= 0.25 * top)]
    return out[:limit]


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
