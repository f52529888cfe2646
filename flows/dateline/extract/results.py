"""Results lines, standings, scorecards and ranked lists.

In sports and market copy a line made of names and figures ("Vasterby IK 4 Norrvik HC 2",
"1. Rafael Montenegro (Brazil) Ferrante 36 points", "Toyota 1,234 up 5") lists teams,
players and companies, not places: a capitalised name right before a figure in such a
line is a team or a company (an organisation), or a person when it starts with a given
name or is followed by the person's country in brackets. A club named after a city
("Northfield 2 Port Ellis 1", "Dinamo Zagreb 3 Real Cordoba 1") is one organisation, and
the city inside it is not emitted. The names found there are the document's teams: their
other mentions ("Vasterby", "BENFICA" in the headline) are organisations too.
"""

from __future__ import annotations

import re

from dateline.extract.gazetteer import NON_ENTITY_WORDS, Candidate, Doc, Gazetteer, PhraseIndex
from dateline.extract.lexicon import broad_given_names, organization_words, words
from dateline.extract.registry import Context, Priority, extractor

_CLUB_WORDS = words("club_word")  # FC, IK, Athletic, Real, Dinamo ...: not a short form alone
_FIGURE_WORDS = words("results_word")  # points, pts, runs ...: may follow a figure
_GIVEN = broad_given_names()
_ORG_WORDS = organization_words("legal_form") | organization_words("institution") | words("org_word")


def _is_figure(w: str) -> bool:
    return w[:1].isdigit()


def _name_word(w: str) -> bool:
    return w[:1].isupper() and w not in NON_ENTITY_WORDS


def _lines(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges [a, b) of the text lines of the document."""
    out = []
    a = 0
    n = len(doc.words)
    for k in range(1, n + 1):
        if k == n or "\n" in doc.body[doc.ends[k - 1] : doc.starts[k]]:
            out.append((a, k))
            a = k
    return out


def _is_results_line(doc: Doc, a: int, b: int) -> bool:
    """Mostly names and figures (at least as many figures as lower-case words), and either
    two names right before a figure ("Lindbacka 1 Tornfors BK 3") or a rank or score
    first ("1. Rafael Montenegro ...", "204 Ricky Delgado 68 67 69"); a label and its
    values ("Sales 1.2 mln vs 1.0 mln") is not one."""
    figures = lower = pairs = 0
    for k in range(a, b):
        w = doc.words[k]
        if _is_figure(w):
            figures += 1
            if k > a and _name_word(doc.words[k - 1]) and not doc.upper[k]:
                pairs += 1
        elif w[:1].islower() and w not in _FIGURE_WORDS:
            lower += 1
    ranked = _is_figure(doc.words[a]) and b - a > 2 and (_name_word(doc.words[a + 1]) or doc.words[a + 1] == ".")
    return (pairs >= 2 or ranked and pairs >= 1 or ranked and "(" in doc.words[a:b]
            or _is_standings_row(doc, a, b)) and figures >= 2 and lower <= figures


def _is_standings_row(doc: Doc, a: int, b: int) -> bool:
    """A name, then only small counts, a percentage like ".604", games behind like "3 1/2"
    or "-": "Harbor City Mariners 61 40 .604 -", "Britain 12 8 5" (not "Wheat 12.5 13.2",
    "Production 2,200 2,100", nor a line in capitals)."""
    words = doc.words
    if doc.upper[a]:
        return False
    if words[a].lower() in doc.lower_vocab:
        return False
    k = a
    while k < b and _name_word(words[k]):
        k += 1
    if k == a or k >= b or not _is_figure(words[k]):
        return False
    return _STANDINGS_FIGURES.fullmatch(doc.body[doc.ends[k - 1] : doc.ends[b - 1]]) is not None


_STANDINGS_FIGURES = re.compile(r"(?: +(?:\d{1,3}|\.\d{3}|\d/\d|-))+")


def _runs(doc: Doc, a: int, b: int) -> list[tuple[int, int]]:
    """Runs of capitalised words (with inner hyphens, "de", "da") inside [a, b)."""
    out = []
    k = a
    words, joined = doc.words, doc.joined
    while k < b:
        if not _name_word(words[k]):
            k += 1
            continue
        s = k
        k += 1
        while k < b and joined[k]:
            w = words[k]
            if _name_word(w) or w[:1].isupper():
                k += 1
            elif w in ("-", "'", "’") and k + 1 < b and doc.starts[k] == doc.ends[k - 1] and _name_word(words[k + 1]):
                k += 2
            elif w in ("de", "da", "do", "del", "van", "von", "der", "di", "la", "le", "des", "sur") and k + 1 < b \
                    and joined[k + 1] and (words[k + 1][:1].isupper() or doc.starts[k] == doc.ends[k - 1]):
                k += 2 if words[k + 1][:1].isupper() else 1
            else:
                break
        out.append((s, k))
    return out


def find_results(doc: Doc, gaz: Gazetteer) -> list[Candidate]:
    """Teams, companies and people named in results lines."""
    out: list[Candidate] = []
    words = doc.words
    lines = [(a, b) for a, b in _lines(doc) if b - a >= 2 and _is_results_line(doc, a, b)]
    # a table of standings is of teams or of players throughout: a team whose name starts
    # like a given name ("Salem Point Clippers") is still a team among teams
    rows = [(a, b) for a, b in lines if _is_standings_row(doc, a, b)]
    teams_table = sum(words[a] not in _GIVEN for a, _ in rows) * 2 > len(rows)
    for a, b in lines:
        in_table = teams_table and (a, b) in rows
        for s, e in _runs(doc, a, b):
            nxt = words[e] if e < b else ""
            hit = gaz.places.match(words, doc.joined, s)
            if hit is not None and hit[0] == e - s and hit[1].entity_type != "location":  # type: ignore[attr-defined]
                continue  # "Britain 12 8 5": a country in a medal table stays a country
            if e + 2 < b and nxt == "(" and words[e + 2] == ")" or nxt == "(" and e + 1 < b and _name_word(words[e + 1]) \
                    and e + 3 < b and words[e + 3] == ")" and not _is_figure(words[e + 1]):
                # "Rafael Montenegro (Brazil)": an athlete and the country they represent;
                # "Standard Bank Group (South Africa)", "FirstRand (South Africa)": a company
                person = e - s >= 2 and " " in doc.body[doc.starts[s] : doc.ends[e - 1]] \
                    and not any(w in _ORG_WORDS for w in words[s:e])
                out.append(Candidate(s, e, "person" if person else "organization", _text(doc, s, e),
                                     priority=Priority.RESULTS_LINE))
                continue
            if not (_is_figure(nxt) or nxt == "(" and e + 1 < b and _name_word(words[e + 1]) and words[e + 1] in _GIVEN):
                continue
            if words[s] in _GIVEN and e - s >= 2 and words[e - 1] not in _CLUB_WORDS and not in_table:
                continue  # a player: left to the people rules
            if doc.upper[s] and e - s == 1 and len(words[s]) <= 3 or len(words[s]) == 1:
                continue  # "NFL", "D Jly": a code, not a name
            out.append(Candidate(s, e, "organization", _text(doc, s, e), priority=Priority.RESULTS_LINE))
    return out


def team_forms(doc: Doc, teams: list[Candidate]) -> PhraseIndex:
    """The names of the teams, in capitals too, and each distinctive word of them alone:
    "Vasterby IK" -> "Vasterby IK", "VASTERBY IK", "Vasterby"."""
    from dateline.extract.gazetteer import key_of

    index = PhraseIndex()
    for c in teams:
        if c.entity_type != "organization":
            continue
        key = key_of(c.name)
        index.add(key, c.name)
        index.add(tuple(t.upper() for t in key), c.name)
        parts = [t for t in key if t[:1].isupper()]
        if len(parts) == 2 and len(key) == 2:
            # "Vasterby IK" -> "Vasterby"; "Athletic Northfield" -> "Northfield"
            for t in parts:
                if t not in _CLUB_WORDS and len(t) > 2 and t.lower() not in doc.lower_vocab:
                    index.add((t,), c.name)
                    index.add((t.upper(),), c.name)
        elif len(parts) >= 3 and len(key) == len(parts):
            # "Harbor City Mariners" -> "Harbor City" (the place) and "Mariners" (the nickname)
            index.add(key[:-1], c.name)
            index.add(tuple(t.upper() for t in key[:-1]), c.name)
            if key[-1] not in _CLUB_WORDS and key[-1].lower() not in doc.lower_vocab:
                index.add(key[-1:], c.name)
    return index


@extractor("results_lines")
def results_lines(ctx: Context) -> list[Candidate]:
    return find_results(ctx.doc, ctx.gaz)


@extractor("team_references", after=("results_lines",))
def team_references(ctx: Context) -> list[Candidate]:
    """Other mentions of the teams of the results lines."""
    teams = ctx.found["results_lines"]
    if not teams:
        return []
    index = team_forms(ctx.doc, teams)
    doc = ctx.doc
    out = []
    nxt = 0
    for i in doc.caps:
        if i < nxt:
            continue
        hit = index.match(doc.words, doc.joined, i)
        if hit is not None:
            size, name = hit
            out.append(Candidate(i, i + size, "organization", str(name), priority=Priority.RESULTS_LINE))
            nxt = i + size
    return out


def _text(doc: Doc, i: int, j: int) -> str:
    return " ".join(doc.body[doc.starts[i] : doc.ends[j - 1]].split())
