"""Organisations: the seed list, company/institution name patterns, Reuters tickers,
acronyms defined in the text, and the short forms an article uses for them later."""

from __future__ import annotations

import re

from dateline.extract.gazetteer import NON_ENTITY_WORDS, Candidate, Doc, Gazetteer, PhraseIndex

# Words that end a company name (legal forms): "Standard Oil Co", "BP North America Inc".
CORPORATE_SUFFIXES = frozenset(
    """
    Corp Corporation Inc Incorporated Co Cos Company Ltd Limited Plc PLC plc LLC LLP LP L.P.
    AG SA S.A. NV N.V. BV B.V. GmbH SpA S.p.A. AB ASA Bhd Berhad Pty KK Oyj
    Bancorp Bancorporation Bancshares Bankshares
    """.split()
)
# Words that end the name of other organisations: "Royal Cambodian Army", "Finance Ministry".
INSTITUTION_SUFFIXES = frozenset(
    """
    Group Holdings Partners Partnership Associates Bank Airlines Airways Industries
    Enterprises Brothers Securities Exchange Fund Party Army Navy Forces Ministry Department
    Council Agency Commission Committee Association Institute Institution University College
    Academy Foundation Federation Authority Board Bureau Office Organization Organisation
    Court Assembly Society League Front Movement Centre Administration Reserve Police
    Guard Corps Club Church Laboratories Trust Mines Motors Petroleum Chemicals Railroad
    Railway Railways Telecom Times Post Journal Tribune Herald Gazette Daily Cooperative
    Co-operative Consortium Syndicate Alliance Coalition Secretariat Inspectorate Directorate
    Ministries Union Agencies Force Mission Initiative Programme Program Division Command
    Marines Brigade Regiment Fleet Watch Aviation Aerospace Shipbuilding Services
    Commissariat Center Guards Advisory Consulting Consultants
    """.split()
)
# Institution words that take an "of" phrase: "Ministry of National Defence", "Bank of Japan".
_OF_TAKERS = frozenset(
    """
    Ministry Department Bank Council Agency Commission Committee Association Institute
    University College Academy Foundation Federation Authority Board Bureau Office
    Organization Organisation Court Society League Union Chamber Secretariat Directorate
    Administration Fund Party Front Movement Centre Center Corporation Church Force Forces
    Mission Initiative Programme Program Commissariat Command Alliance Coalition
    """.split()
)
# Institution words that take an "in"/"on" phrase: "Interim Force in Lebanon".
_IN_TAKERS = frozenset("Force Authority Mission Office Commission Programme Centre Center".split())
# Adjectives too generic to make "X Partners" or "X Forces" a name by themselves.
_GENERIC_PREFIX = frozenset(
    """
    National International Foreign Regional Global Local Joint Special Armed Long Border
    Central General Federal Supreme Peacekeeping Security Defence Defense Military Naval
    Air Friendship Strategic Economic Political Public Private Domestic Western Eastern
    Northern Southern New Old Major Key Main Other Several Many Some Its Their Our
    Partners Partner Friends Allies
    """.split()
)
_SUFFIXES = CORPORATE_SUFFIXES | INSTITUTION_SUFFIXES
_UPPER_SUFFIXES = frozenset(
    s.upper()
    for s in CORPORATE_SUFFIXES | {"Group", "Bancorp", "Bank", "Holdings", "Industries", "Partners", "Airlines", "Motors", "Petroleum"}
)
_INNER_CONNECTORS = frozenset({"and", "&", "'s", "’s", "-", "AND"})
_NAME_PARTICLES = frozenset({"de", "du", "la", "des", "der", "van", "von", "da", "del", "y"})
# Words that start a sentence or a headline clause rather than a name.
_LEADING_TRIM = NON_ENTITY_WORDS | frozenset(
    """
    Shares Analysts Analyst Officials Official Sources Traders Dealers Bankers Economists
    Company Chairman President Spokesman Says Said Unit Units Sales Profits Earnings Stock
    Deputy Minister Secretary Vice Acting Former Senior
    Mr Mrs Ms Dr Both Under Also Via Like Unlike Including Several Certain Rival
    """.split()
)
# All-caps headline words that stop a name read backwards from a ticker.
_UPPER_STOP = frozenset(
    """
    TO FOR IN ON OF AT BY FROM WITH SAYS SAY SAID SEES SEE SETS SET BUYS BUY SELLS SELL
    UNIT UNITS PLANS PLAN GETS GET HAS HAVE IS ARE WILL MAY CAN TAKES MAKES OFFER OFFERS
    BID BIDS NAMES ELECTS FILES FILE AGREES COMPLETES ACQUIRES ACQUIRE REPORTS RAISES
    CUTS LOWERS UPS WINS TALKING POINT SPOTLIGHT ECONOMIC REVIEW THE A AN NEW
    """.split()
)
# Words too generic to stand alone as the short form of a company name.
_GENERIC_NAME_WORDS = frozenset(
    """
    American National International General United First Standard Southern Northern
    Western Eastern Pacific Atlantic Central Continental Federal Royal Great Union Allied
    Consolidated Associated Universal Security Public Home Financial Capital Computer
    Computers Data Energy Oil Gas Power Electric Industries Systems Products Services
    Communications Technology Technologies Resources Savings Trust Insurance Investment
    Investors Mortgage Realty Properties Development Medical Health Health-Care Foods Food
    Steel Mining Metals Chemical Chemicals Petroleum Motor Motors Air Airlines Bank
    Banking Holdings Group Partners Corp Inc Co Ltd City State Commerce Commercial
    Industrial Interstate Mutual Peoples People's Citizens Community Old New North South
    East West Mid Midwest Texas California Florida Chicago Boston Manufacturers Business
    Canadian British French German Japanese Dutch Swiss Italian Chinese Australian
    Deputy Chief Royal Cambodian Army Navy Ministry Department Council Agency Commission
    Committee Association Institute University Fund Party Exchange Board Office
    European Asian African Arab Latin Finance Staff World Video Home Trust Chance Hope Day
    Global Pacific Overseas Western Eastern Northern Southern Interim Special Joint
    """.split()
)
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
            elif w.isdigit() and j + 1 < n and joined[j + 1] and _name_like(words[j + 1], upper[j + 1]):
                j += 1  # "Pier 1 Imports Inc"
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
                if i > 0 and joined[i] and not entry.name.isupper():
                    prev = gaz.places.match(words, joined, i - 1)
                    if prev is not None and prev[0] == 1 and prev[1].entity_type == "country":  # type: ignore[attr-defined]
                        s0 = i - 1
                name = entry.name if s0 == i else _join(doc, s0, i + size)
                out.append(Candidate(s0, i + size, "organization", name, priority=4))
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
            # a possessive place does not belong to the name: "Cambodia's Ministry of ..."
            for p in range(k - 1, s, -1):
                if words[p] in ("'s", "’s") and words[p - 1] in gaz.place_words:
                    s = p + 1
                    break
            if upper[k]:
                p = k - 1
                while p >= s and words[p] not in _UPPER_STOP:
                    p -= 1
                s = max(s, p + 1, k - 4)
            if s < k or (s == k and end > k + 1 and words[k] in _OF_TAKERS):
                if end - s != 1 and (words[k] in CORPORATE_SUFFIXES or upper[k]
                                           or _has_proper(doc, gaz, s, end, k)):
                    out.append(Candidate(s, end, "organization", _join(doc, s, end), priority=2.5))
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
                    out.append(Candidate(first, ti, "organization", _join(doc, first, ti), priority=5))
        elif inner.strip() and (" " in inner or any(c.islower() for c in inner)) and "\n" not in inner:
            a0 = lt + 1 + (len(inner) - len(inner.lstrip()))
            b0 = gt - (len(inner) - len(inner.rstrip()))
            ti = _token_at(doc, a0)
            tj = _token_at(doc, b0 - 1)
            if ti is not None and tj is not None:
                name = " ".join(body[a0:b0].split())
                out.append(Candidate(ti, tj + 1, "organization", name, priority=6,
                                     char_start=a0, char_end=b0))
        lt = gt + 1
    return out


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
            found.append(Candidate(a, end, "organization", name, priority=4))
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
                                       or key[0].lower() in doc.lower_vocab or len(key[0]) < 3)) and key not in gaz.places:
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
            out.append(Candidate(i, i + size, "organization", str(name), priority=4))
            nxt = i + size
    return out


_NOT_ACRONYMS = frozenset(
    """
    NOTE NOTES AIDS GNP GMT GDP NIL EST EDT MAY FOB CIF TV ECU ECUS LIBOR PSBR FRN PIK RATE
    WHEAT THE NEW AAA BBB EMS CTS EPS CEO CFO COO IPO LNG LPG VAT HIV COVID CPI PPI GMO DNA
    UFO SUV GPS MPS USD SDR SDRS BPD KWH CWT DLR DLRS MLN BLN PCT QTR SHR NET REVS AVG
    YEN ATT PLC ASA NV AB BV LP AG SA MORE REUTER REUTERS AND FOR NOT ALL ONE TWO YEAR
    OVER PER UNDER CMB SIMEX LTD INC CORP CO EXT NA II III IV VI VII VIII IX XI XII XIII
    GMT UTC BST CST PST HQ PR PM AM OK ETF ICBM RPG APC MOU TBA FAQ RSS PDF LED LCD CD
    DVD USB WWII WWI HK HKG QTLY
    """.split()
)


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
        out.append(Candidate(k, k + 1, "organization", w, priority=0))
    return out
