"""Organisations: the seed list, company/institution name patterns, Reuters tickers,
acronyms defined in the text, and the short forms an article uses for them later."""

from __future__ import annotations

import re

from dateline.extract.gazetteer import NON_ENTITY_WORDS, Candidate, Doc, Gazetteer, PhraseIndex
from dateline.extract.lexicon import given_names, organization_words, words
from dateline.extract.registry import Context, Priority, extractor

# Words that end a company name (legal forms): "Standard Oil Co", "BP North America Inc".
CORPORATE_SUFFIXES = organization_words("legal_form")
# Words that end the name of other organisations: "Royal Cambodian Army", "Finance Ministry".
INSTITUTION_SUFFIXES = organization_words("institution")
# Institution words that take an "of" phrase: "Ministry of National Defence", "Bank of Japan".
_OF_TAKERS = organization_words("takes_of")
# Institution words that take an "in"/"on" phrase: "Interim Force in Lebanon".
_IN_TAKERS = organization_words("takes_in")
# Adjectives too generic to make "X Partners" or "X Forces" a name by themselves.
_GENERIC_PREFIX = words("org_generic_prefix")
_SUFFIXES = CORPORATE_SUFFIXES | INSTITUTION_SUFFIXES
_UPPER_SUFFIXES = frozenset(s.upper() for s in CORPORATE_SUFFIXES | organization_words("headline"))
_INNER_CONNECTORS = frozenset({"and", "&", "'s", "’s", "-", "AND"})
_NAME_PARTICLES = words("org_name_particle")
# Words that start a sentence or a headline clause rather than a name.
_LEADING_TRIM = NON_ENTITY_WORDS | words("org_leading_trim")
# All-caps headline words that stop a name read backwards from a ticker.
_UPPER_STOP = words("headline_stop")
# Words too generic to stand alone as the short form of a company name.
_GENERIC_NAME_WORDS = words("org_generic_name")
_TICKER_RE = re.compile(r"[A-Z][A-Z0-9.]{0,7}")
_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&]{1,9}")


def _name_like(w: str, upper_ctx: bool) -> bool:
    c = w[0]
    if c.isupper():
        return True
    if c.isdigit():
        return any(ch.isalpha() for ch in w)
    return False


def _is_suffix(doc: Doc, k: int) -> bool:
    w = doc.words[k]
    if w in _SUFFIXES:
        # "Co-operative", "Co." are fine; "Co" as a hyphen prefix is not a suffix.
        return not (w == "Co" and k + 1 < len(doc.words) and doc.words[k + 1] == "-" and doc.ends[k] == doc.starts[k + 1])
    return doc.upper[k] and w in _UPPER_SUFFIXES


def _runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of joined name-like tokens with inner connectors."""
    words, joined, upper = doc.words, doc.joined, doc.upper
    n = len(words)
    runs: list[tuple[int, int]] = []
    nxt = 0
    for i in doc.caps:
        if i < nxt or not _name_like(words[i], upper[i]):
            continue
        j = i + 1
        last_name = i
        while j < n and joined[j]:
            w = words[j]
            if _name_like(w, upper[j]):
                last_name = j
                j += 1
            elif w in _INNER_CONNECTORS or w == "." and words[j - 1] in ("Co", "Corp", "Inc", "Ltd", "St", "Jr"):
                j += 1
            elif (w == "/" and doc.starts[j] == doc.ends[j - 1] and j + 1 < n
                  and doc.starts[j + 1] == doc.ends[j]) or (
                    w in _NAME_PARTICLES and j + 1 < n and joined[j + 1]
                    and _name_like(words[j + 1], upper[j + 1])):
                j += 1  # "POW/MIA", "Ateneo de Manila University"
            else:
                break
        runs.append((i, last_name + 1))
        nxt = j if j > i + 1 else i + 1
    return runs


def _trim_start(doc: Doc, a: int, b: int) -> int:
    words = doc.words
    while a < b and (words[a] in _LEADING_TRIM or words[a] in _INNER_CONNECTORS or words[a] == "."):
        a += 1
    return a


def _of_extension(doc: Doc, gaz: Gazetteer, k: int, stop: int) -> int:
    """End of an "of ..." phrase after institution word ``k`` (exclusive), or k + 1."""
    words, joined = doc.words, doc.joined
    n = len(words)
    j = k + 1
    if j >= n or not joined[j]:
        return k + 1
    prep = words[j]
    if not (prep in ("of", "OF", "for") or (prep in ("in", "on") and words[k] in _IN_TAKERS)):
        return k + 1
    j += 1
    if j < n and words[j] in ("the", "THE") and joined[j]:
        j += 1
    if j >= n or not joined[j] or not words[j][0].isupper():
        return k + 1
    hit = gaz.places.match(words, joined, j) or gaz.orgs.match(words, joined, j)
    if hit is not None:
        end = j + hit[0]
    else:
        end = j
        while end < n and end - j < 5 and (end == j or joined[end]) and words[end][0].isupper() \
                and words[end] not in NON_ENTITY_WORDS:
            end += 1
        # "Foreign Affairs and International Cooperation", "Drugs and Crime"
        if end < n - 1 and words[end] == "and" and joined[end] and words[end + 1][0].isupper() \
                and joined[end + 1] and not words[end + 1].isupper() \
                and gaz.orgs.match(words, joined, end + 1) is None \
                and gaz.places.match(words, joined, end + 1) is None:
            end2 = end + 1
            while end2 < n and end2 - end < 4 and joined[end2] and words[end2][0].isupper():
                end2 += 1
            end = end2
    return end if end > j else k + 1


def find_organizations(doc: Doc, gaz: Gazetteer) -> list[Candidate]:
    words, joined, starts, ends, upper = doc.words, doc.joined, doc.starts, doc.ends, doc.upper
    len(words)
    body = doc.body
    out: list[Candidate] = []

    # 1. Seed organisations, longest match.
    nxt = 0
    for i in doc.caps:
        if i < nxt:
            continue
        w = words[i]
        hit = gaz.orgs.match(words, joined, i)
        if hit is not None:
            size, entry = hit
            # Acronyms that are also words ("WHO") only count written in a mixed-case text.
            if not (size == 1 and upper[i] and w in ("WHO", "AU", "AP", "ISO", "CAN")):
                s0 = i
                # "Philippine Red Cross", "Philippine Senate"
                if i > 0 and joined[i] and not entry.name.isupper() and entry.kind != "intergovernmental":
                    prev = gaz.places.match(words, joined, i - 1)
                    if prev is not None and prev[0] == 1 and prev[1].entity_type == "nationality":  # type: ignore[attr-defined]
                        s0 = i - 1
                name = entry.name if s0 == i else _join(doc, s0, i + size)
                out.append(Candidate(s0, i + size, "organization", name, priority=Priority.LISTED))
            nxt = i + size

    # 2. Names ending in a legal form or an institution word.
    for a, b in _runs(doc):
        if doc.no_person[a] and not upper[a]:
            continue  # title-case section headings are not names
        start = a
        k = a
        while k < b:
            if not _is_suffix(doc, k):
                k += 1
                continue
            # a later institution word in the same name: "State Administration Council"
            if words[k] not in CORPORATE_SUFFIXES:
                k2 = k + 1
                while k2 < b and _name_like(words[k2], upper[k2]) and not _is_suffix(doc, k2):
                    k2 += 1
                if k2 < b and _is_suffix(doc, k2) and k2 - k <= 3 and words[k] not in _OF_TAKERS:
                    k = k2
                    continue
            # absorb chained legal forms: "Co Inc", "and Co", "Co Plc", "Co." ...
            end = k + 1
            while end < b and (
                (_is_suffix(doc, end) and words[end] in CORPORATE_SUFFIXES | _UPPER_SUFFIXES)
                or (words[end] in ("and", "&") and end + 1 < b and words[end + 1] in ("Co", "CO"))
                or words[end] == "."
            ):
                end += 1
            if words[k] in _OF_TAKERS:
                end = max(end, _of_extension(doc, gaz, k, b))
            s = _trim_start(doc, start, k)
            s = _own_start(doc, gaz, s, k)
            if upper[k]:
                p = k - 1
                while p >= s and words[p] not in _UPPER_STOP:
                    p -= 1
                s = max(s, p + 1, k - 4)
            if s < k or (s == k and end > k + 1 and words[k] in _OF_TAKERS):
                if end - s != 1 and (words[k] in CORPORATE_SUFFIXES or upper[k]
                                           or _has_proper(doc, gaz, s, end, k)):
                    out.append(Candidate(s, end, "organization", _join(doc, s, end),
                                         priority=Priority.NAME_WITH_SUFFIX))
            start = end
            # skip a connector after a complete name: "... Co and BP North America Inc"
            while start < b and words[start] in _INNER_CONNECTORS:
                start += 1
            k = max(end, k + 1)

    # 3. Reuters tickers "<SRD>" follow a company name; "<Amoco Corp>" marks one.
    lt = 0
    while True:
        lt = body.find("<", lt)
        if lt < 0:
            break
        gt = body.find(">", lt + 1, lt + 80)
        if gt < 0:
            lt += 1
            continue
        inner = body[lt + 1 : gt]
        if _TICKER_RE.fullmatch(inner):
            # the company name right before the ticker
            ti = _token_at(doc, lt)
            if ti is not None:
                p = ti - 1
                first = ti
                while p >= 0 and (ends[p] == starts[p + 1] or body[ends[p]:starts[p + 1]] == " ") \
                        and "\n" not in body[ends[p]:starts[p + 1]]:
                    w = words[p]
                    if upper[p] and w in _UPPER_STOP:
                        break
                    if _name_like(w, upper[p]) or (w in _INNER_CONNECTORS and p > 0 and p < ti - 1):
                        first = p
                        p -= 1
                        if ti - first >= 6:
                            break
                        continue
                    break
                first = _trim_start(doc, first, ti)
                if first < ti:
                    out.append(Candidate(first, ti, "organization", _join(doc, first, ti),
                                         priority=Priority.REFERENCE))
        elif inner.strip() and (" " in inner or any(c.islower() for c in inner)) and "\n" not in inner:
            a0 = lt + 1 + (len(inner) - len(inner.lstrip()))
            b0 = gt - (len(inner) - len(inner.rstrip()))
            ti = _token_at(doc, a0)
            tj = _token_at(doc, b0 - 1)
            if ti is not None and tj is not None:
                name = " ".join(body[a0:b0].split())
                out.append(Candidate(ti, tj + 1, "organization", name, priority=Priority.MARKED,
                                     char_start=a0, char_end=b0))
        lt = gt + 1
    return out


def _own_start(doc: Doc, gaz: Gazetteer, s: int, k: int) -> int:
    """Where a name ending in the suffix at ``k`` starts, from ``s`` at the earliest: it
    does not reach back across
    - a possessive whose owner is a place or a name ("Cambodia's Ministry of ...",
      "Sugarman's Giant Group Ltd"), unless the owner starts a listed organisation
      ("Moody's Investors Service") or is an ordinary word ("People's Liberation Army");
    - "and" after a title or a person ("Treasury Secretary James Baker and Federal
      Reserve Board"), or before two or more words and a legal form ("Compaq and Apple
      Computer Inc"; but "Procter and Gamble Co", "Securities and Investments Board");
    - the company's country: "U.S. General Electric Co"."""
    words = doc.words
    if words[k] in CORPORATE_SUFFIXES:
        # a company is not named after its country: "U.S. General Electric Co"
        hit = gaz.places.match(words, doc.joined, s)
        if hit is not None and s + hit[0] < k and hit[1].entity_type == "country" \
                and words[s].isupper() and not doc.upper[s]:  # type: ignore[attr-defined]
            s += hit[0]  # "U.S.", "UK" (but "China Road and Bridge Corporation")
    for p in range(k - 1, s, -1):
        w = words[p]
        if w in ("'s", "’s") and gaz.orgs.match(words, doc.joined, p - 1) is None:
            owner = words[p - 1]
            if owner in gaz.place_words or p + 1 < k and owner.lower() not in doc.lower_vocab \
                    and owner not in _POSSESSIVE_IN_NAME:
                return p + 1
        if w in ("and", "AND"):
            left = words[s:p]
            if (k - p > 2 and words[k] in CORPORATE_SUFFIXES) or any(x.lower() in gaz.titles.by_first and x[:1].isupper()
                                                 or x in given_names() for x in left):
                return p + 1
    return s


_POSSESSIVE_IN_NAME = words("possessive_in_name")


def _has_proper(doc: Doc, gaz: Gazetteer, s: int, end: int, k: int) -> bool:
    """Whether a name has a word that is not an ordinary word of the article."""
    words = doc.words
    for p in range(s, end):
        if p == k:
            continue
        w = words[p]
        if not w[:1].isupper() and not w[:1].isdigit():
            continue
        if w in _GENERIC_PREFIX or w in _SUFFIXES:
            continue
        if w.lower() in doc.lower_vocab and w not in gaz.place_words:
            continue
        return True
    return False


def _token_at(doc: Doc, offset: int) -> int | None:
    """The index of the token containing (or starting at) ``offset``."""
    import bisect

    k = bisect.bisect_right(doc.starts, offset) - 1
    if k >= 0 and doc.starts[k] <= offset < doc.ends[k]:
        return k
    if k + 1 < len(doc.starts) and doc.starts[k + 1] == offset:
        return k + 1
    return None


def _join(doc: Doc, i: int, j: int) -> str:
    return " ".join(doc.body[doc.starts[i] : doc.ends[j - 1]].split())


def _spells(acronym: str, caps: list[str]) -> bool:
    """Whether the acronym is made of leading letters of each word: KOICA <- Korea
    International Cooperation Agency, CMAC <- Cambodian Mine Action Centre."""
    if not caps or not acronym or acronym[0] != caps[0][0].upper():
        return False
    memo: dict[tuple[int, int], bool] = {}

    def go(a: int, w: int) -> bool:
        if w == len(caps):
            return a == len(acronym)
        if a == len(acronym):
            return False
        key = (a, w)
        if key in memo:
            return memo[key]
        word = caps[w].upper()
        ok = False
        if acronym[a] == word[0]:
            k = 1
            while not ok and a + k <= len(acronym):
                ok = go(a + k, w + 1)
                if a + k < len(acronym) and k < len(word) and acronym[a + k] == word[k]:
                    k += 1
                else:
                    break
        memo[key] = ok
        return ok

    return go(0, 0)


def _initials(doc: Doc, i: int, j: int) -> str:
    return "".join(w[0] for w in doc.words[i:j] if w[0].isupper() or w[0].isdigit())


def find_acronyms(doc: Doc, gaz: Gazetteer, found: list[Candidate]) -> dict[str, tuple[str, str, str | None]]:
    """Acronyms the article defines: "Cambodian Mine Action Centre (CMAC)" or "..., CCC,".

    Returns {acronym: (entity_type, canonical name, iso3)} and appends the candidates for the
    defining phrase to ``found``.
    """
    words, joined = doc.words, doc.joined
    n = len(words)
    defined: dict[str, tuple[str, str, str | None]] = {}
    for k in range(2, n - 1):
        w = words[k]
        if not (_ACRONYM_RE.fullmatch(w) and w.isupper()) or doc.upper[k]:
            continue
        if words[k - 1] == "(" and words[k + 1] == ")" or words[k - 1] == "," and words[k + 1] in (",", ")", "."):
            end = k - 1
        else:
            continue
        # the longest stretch of capitalised words before it whose initials spell the acronym
        best = None
        p = end - 1
        while p >= 0 and end - p <= 10:
            token = words[p]
            if not (token[0].isupper() or token in ("of", "and", "for", "the", "&", "on", "-", "'s", "’s", "de", "in", "to", "against")):
                break
            if token[0].isupper() and p < end - 1 and not joined[p + 1]:
                break
            if token[0].isupper():
                letters = w.replace("&", "")
                caps = [t for t in words[p:end] if t[0].isupper() or t[0].isdigit()]
                if _spells(letters, caps):
                    best = p
            p -= 1
        if best is None:
            continue
        a = _trim_start(doc, best, end)
        if a >= end:
            continue
        etype, name, iso3 = "organization", _join(doc, a, end), None
        hit = gaz.places.match(words, joined, a)
        if hit is not None and a + hit[0] == end:
            etype, name, iso3 = hit[1].entity_type, hit[1].name, hit[1].iso3  # type: ignore[attr-defined]
        else:
            found.append(Candidate(a, end, "organization", name, priority=Priority.LISTED))
        defined.setdefault(w, (etype, name, iso3))
    return defined


def short_forms(doc: Doc, gaz: Gazetteer, orgs: list[Candidate],
                given_names: frozenset[str] = frozenset()) -> PhraseIndex:
    """Short names an article uses for organisations it named in full.

    "Standard Oil Co" -> "Standard Oil" (and "STANDARD OIL" in the headline);
    "Moody's Investors Service Inc" -> "Moody's"; "Royal Cambodian Army" -> "Cambodian Army".
    """
    index = PhraseIndex()
    words = doc.words
    for c in orgs:
        place = gaz.places.match(words, doc.joined, c.i)
        if place is not None and c.i + place[0] >= c.j:
            continue  # "Soviet Union" is a country, not an organisation
        toks = list(words[c.i : c.j])
        if c.char_start >= 0:
            toks = list(_tokens(doc.body[c.char_start : c.char_end]))
        full = tuple(toks)
        index.add(full, c.name)
        index.add(tuple(t.upper() for t in full), c.name)
        core = list(toks)
        while core and (core[-1] in CORPORATE_SUFFIXES or core[-1].upper() in _UPPER_SUFFIXES
                        and core[-1].isupper() or core[-1] in (".", "and", "&")):
            core.pop()
        for size in range(2, len(core)):
            # "Red Lion" for "Red Lion Inns Limited"
            prefix = tuple(core[:size])
            if prefix[-1] not in ("and", "&", "-", "'s", "’s", "of") and prefix not in gaz.places:
                index.add(prefix, c.name)
                index.add(tuple(t.upper() for t in prefix), c.name)
        if core and len(core) < len(toks):
            key = tuple(core)
            if not (len(key) == 1 and (key[0] in _GENERIC_NAME_WORDS or key[0] in gaz.place_words
                                       or key[0].lower() in doc.lower_vocab or len(key[0]) < 3)):
                if key not in gaz.places:
                    index.add(key, c.name)
                    index.add(tuple(t.upper() for t in key), c.name)
        # first word (with its possessive) when it is distinctive: "Moody's", "Shearson"
        if len(core) >= 2:
            first = core[0]
            key = (first, core[1]) if core[1] in ("'s", "’s") else (first,)
            if (first not in _GENERIC_NAME_WORDS and first not in gaz.place_words
                    and first.lower() not in doc.lower_vocab and len(first) > 2
                    and first not in NON_ENTITY_WORDS and not first.isupper()
                    and first not in given_names):
                index.add(key, c.name)
    return index


def _tokens(text: str) -> list[str]:
    from dateline.extract.gazetteer import key_of

    return list(key_of(text))


def find_short_forms(doc: Doc, index: PhraseIndex) -> list[Candidate]:
    words, joined = doc.words, doc.joined
    out = []
    if not index.by_first:
        return out
    nxt = 0
    for i in doc.caps:
        if i < nxt:
            continue
        hit = index.match(words, joined, i)
        if hit is not None:
            size, name = hit
            out.append(Candidate(i, i + size, "organization", str(name), priority=Priority.LISTED))
            nxt = i + size
    return out


_NOT_ACRONYMS = words("not_acronym")


def find_standalone_acronyms(doc: Doc, gaz: Gazetteer, taken: set[int]) -> list[Candidate]:
    """All-caps words of 3-6 letters in mixed-case text name organisations (KPU, DPAA)."""
    words = doc.words
    out = []
    body = doc.body
    for k in doc.caps:
        w = words[k]
        if k in taken or len(w) < 3 or len(w) > 6 or not w.isupper() or not w.isalpha():
            continue
        if doc.upper[k] or doc.no_person[k] or w in _NOT_ACRONYMS:
            continue
        if doc.starts[k] > 0 and body[doc.starts[k] - 1] == "<":
            continue
        # not inside a run of capitals ("NOTE: THE FIGURES")
        if (k > 0 and words[k - 1].isupper() and len(words[k - 1]) > 1 and doc.joined[k]) or \
                (k + 1 < len(words) and words[k + 1].isupper() and len(words[k + 1]) > 1 and doc.joined[k + 1]):
            continue
        out.append(Candidate(k, k + 1, "organization", w, priority=Priority.SHAPE))
    return out


@extractor("organizations")
def organizations(ctx: Context) -> list[Candidate]:
    """Listed organisations, names with a legal form or institution word, wire tickers, and
    the phrases that define an acronym (the acronyms are left for ``defined_acronyms``)."""
    found = find_organizations(ctx.doc, ctx.gaz)
    ctx.shared["acronyms"] = find_acronyms(ctx.doc, ctx.gaz, found)
    return found


@extractor("defined_acronyms", after=("organizations",))
def defined_acronyms(ctx: Context) -> list[Candidate]:
    """Every occurrence of an acronym the text defines."""
    acronyms = ctx.shared["acronyms"]
    out = []
    if acronyms:
        for k, w in enumerate(ctx.doc.words):
            hit = acronyms.get(w)  # type: ignore[attr-defined]
            if hit is not None:
                etype, name, iso3 = hit
                out.append(Candidate(k, k + 1, etype, name, iso3=iso3, priority=Priority.LISTED))
    return out


@extractor("short_forms", after=("organizations",))
def later_short_forms(ctx: Context) -> list[Candidate]:
    """Short names of the organisations the article named in full."""
    index = short_forms(ctx.doc, ctx.gaz, ctx.found["organizations"], given_names())
    return find_short_forms(ctx.doc, index)


@extractor("standalone_acronyms",
           after=("places", "organizations", "defined_acronyms", "short_forms", "place_patterns"))
def standalone_acronyms(ctx: Context) -> list[Candidate]:
    taken = {k for c in ctx.candidates(ctx.found) for k in range(c.i, c.j)}
    return find_standalone_acronyms(ctx.doc, ctx.gaz, taken)
