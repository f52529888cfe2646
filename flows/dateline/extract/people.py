"""Persons, with the role or title the text gives them.

A person is recognised from
- a title or role right before the name: "General Mao Sophan", "analyst Stephen Hess",
  "Chinese Minister of National Defence Dong Jun" (the title is not part of the span);
- a role in an apposition after the name: "Seng Vanly, a lecturer of ...";
- a common given name starting a run of two or three name words: "Robert Stearns";
- a name followed by a reporting verb: "Seun Sam said";
and later short references in the same article ("Sophan", "General Sophan", "Mr. Blinken")
resolve to the full name and carry its role. Headlines, section headings and all-caps lines
never yield new people.
"""

from __future__ import annotations

from dateline.extract.gazetteer import NON_ENTITY_WORDS, Candidate, Doc, Gazetteer
from dateline.extract.organizations import CORPORATE_SUFFIXES, INSTITUTION_SUFFIXES

# Common given names in English-language news (people introduced without a title).
GIVEN_NAMES = frozenset(
    """
    Aaron Abdul Abdullah Adam Adrian Ahmad Ahmed Al Alan Albert Alberto Alec Alejandro
    Alex Alexander Alexandre Alexei Alfred Alfredo Ali Alice Alison Allan Allen Amanda Amy
    Andre Andrea Andreas Andrei Andrew Andy Angela Angelo Ann Anna Anne Anthony Antonio
    Antony Arnold Arthur Ashley Barbara Barry Ben Benjamin Bernard Bernd Betty Bill Billy
    Bob Bobby Boris Brad Bradley Brendan Brent Brian Bruce Bruno Bryan Burt Calvin Carl
    Carlos Carol Caroline Catherine Cecil Charles Charlie Chris Christian Christina
    Christine Christopher Claire Clarence Claude Claudia Clifford Clint Colin Craig Cynthia
    Dale Dan Daniel Danny Dave David Deborah Denis Dennis Derek Diana Diane Dick Dieter
    Dmitry Dominic Don Donald Doug Douglas Duncan Dwight Earl Ed Eddie Edgar Edmund Eduardo
    Edward Edwin Elizabeth Ellen Emily Emma Emmanuel Enrique Eric Erik Ernest Ernst Eugene
    Evan Felipe Fernando Francesco Francis Francisco Franco Frank Franz Fred Frederick
    Friedrich Gary Gene Geoffrey George Georg Gerald Gerard Gerhard Gilbert Giorgio
    Giovanni Giuseppe Glen Glenn Gordon Graham Greg Gregory Guy Hans Harold Harry Heinz
    Helen Helmut Henri Henry Herbert Herman Hiroshi Howard Hugh Hugo Ian Igor Irene Irving
    Isaac Ivan Jack Jacob Jacques Jake James Jan Jane Janet Jason Javier Jean Jeff Jeffrey
    Jennifer Jeremy Jerome Jerry Jessica Jim Jimmy Joan Joe Johann Johannes John Johnny
    Jon Jonathan Jorge Jose Joseph Josh Joshua Juan Judith Julia Julian Julie Jurgen
    Karen Karl Kate Katherine Kathleen Keith Kenneth Kevin Kim Klaus Kurt Larry Laura
    Lawrence Lee Leon Leonard Leonid Leslie Lewis Linda Lisa Lloyd Louis Lucas Luis Luke
    Manuel Marc Marco Margaret Maria Marie Mario Mark Martha Martin Mary Matthew Maurice
    Max Melvin Michael Michel Michele Miguel Mikhail Mike Mohamed Mohammad Mohammed Muhammad
    Nancy Nathan Neil Nicholas Nick Nicolas Nigel Nikolai Norman Oliver Olivier Oscar Otto
    Pablo Pamela Patricia Patrick Paul Paula Pedro Peggy Peter Philip Philippe Phillip
    Pierre Ralph Ramon Randall Randy Ray Raymond Rebecca Richard Rick Ricardo Rob Robert
    Roberto Robin Rod Roger Roland Ron Ronald Rosa Ross Roy Rudolf Russell Ruth Ryan Sally
    Sam Samuel Sandra Sarah Scott Sean Sergei Sergio Sharon Shigeru Simon Stanley Stefan
    Stephen Steve Steven Stuart Susan Takeshi Ted Terry Theodore Thomas Tim Timothy Todd
    Tom Tommy Tony Toshio Ulrich Valentin Victor Vincent Viktor Vladimir Walter Warren
    Wayne Werner Wilhelm William Willie Wolfgang Yasuhiro Yitzhak Yuri Zbigniew Noboru
    Kiichi Satoshi Kenji Akio Yoshio Ichiro Eduard Valery Gianni Jesse
    Chuck Marlin Caspar Clayton Preston Nelson Clyde Lyndon Orrin Pete
    Gus Boyd Thorsten Erwin Alain Edouard Giulio Bettino Ciriaco Rajiv Indira
    Benazir Kofi Hosni Anwar Muammar Saddam Hafez Yasser Shimon Menachem Ariel
    Ehud Xi Volodymyr Barack Hillary Kamala
    Olaf Rishi Theresa Justin Narendra Shinzo Fumio Jacinda Recep Tayyip
    Jens Ursula Keir Jair Luiz Inacio Cyril Abiy
    """.split()
)

_REPORTING_VERBS = frozenset(
    "said says told added noted argued stressed warned explained wrote insisted asked "
    "stated announced acknowledged declared replied urged predicted estimated believes "
    "believed thinks thought suggested commented recalled confirmed denied".split()
)
_PRECEDING_CUES = (("according", "to"), ("said",), ("says",), ("like",), ("including",),
                   ("by",), ("with",), ("and",), ("told",), ("asked",), ("quoted",))
_NAME_PARTICLES = frozenset({"de", "du", "da", "van", "von", "der", "den", "bin", "ibn", "al",
                             "el", "la", "le", "di", "dos", "das", "del"})
_ORG_WORDS = CORPORATE_SUFFIXES | INSTITUTION_SUFFIXES | frozenset(
    """
    Motors Electric Dynamics Mills Foods Products Systems Communications Resources Capital
    Financial Savings Insurance Steel Oil Gas Chemical Energy Power Mining Technologies
    Technology International National Services Service Investors Realty Properties Stores
    Airlines Air Pharmaceuticals Pharmaceutical Computer Computers Software Data Media
    Network Networks Television Radio Press News Review Report Commission Committee
    Street Avenue Road Square Building Center Centre Plaza
    Corp Inc Co Ltd Plc Trust Fund Exchange Market Markets Index Research Analysis Policy
    Affairs Relations Security Studies Strategic Review Programme Program Initiative Project
    Agreement Treaty Accord Act Bill Law Plan Partnership Destiny Era Community Common
    Equipment Tire Rubber Glass Care World Marketing Development Telecommunications
    Weekly Valley Gazette Gazeta Zeitung Spiegel Magazine Journal Times Daily Post Herald
    Tribune Democrats Republicans Socialists Communists Conservatives Liberals Department
    Departments Ministry Mae Mac Brands Industries Instruments Machines Devices Electronics
    Semiconductor Semiconductors Aircraft Airways Motor Autos Cars Trucks Shipping Lines
    Railroad Railway Pipeline Utilities Utility Water Light Telephone Telegraph Cable
    Broadcasting Pictures Entertainment Stores Supermarkets Restaurants Hotels
    Inns Casinos Resorts Homes Health Hospital Hospitals Labs Laboratories Drug Drugs
    Chemicals Plastics Paper Packaging Containers Metals Minerals Coal Copper
    Petroleum Refining Exploration Drilling Offshore Natural Federal Savings Loan Bancorp
    Funding Leasing Credit Finance Finances Mortgage Acceptance Guaranty Assurance Life
    Casualty Reinsurance Brokerage Advisers Management Ventures Equities
    Pincus Shamrock Mohawk Midland Southern Northern Eastern Western
    Central Pacific Atlantic Mid Continental American British Canadian General Standard
    """.split()
)
# Words that look like names in titles but are part of the title or a modifier.
_ROLE_MODIFIERS = frozenset(
    "deputy vice acting assistant principal senior former chief first junior associate "
    "executive general managing interim outgoing incoming then late co".split()
)
# Words allowed in the "of ..." part of an unlisted title: "Minister of Foreign Affairs".
_ROLE_DOMAIN = frozenset(
    """
    External Home Overseas Foreign Affairs National Defence Defense Finance Economy Economic Trade Commerce Interior
    Justice Health Education Agriculture Industry Energy Labour Labor Information Tourism
    Transport Transportation Public Works Planning Environment Culture Fine Arts Religion
    Cults Social Welfare Rural Development International Cooperation Co-operation State
    Security Home Land Management Urban Posts Telecommunications Mines Water Resources
    Women's Veterans Youth Sports Science Technology Fisheries Forestry Rehabilitation
    Royal Palace Parliamentary Relations Inspection Civil Service Treasury Budget
    Communications Housing Immigration Navy Army Air Force Forces Staff General Joint
    Chiefs Operations Intelligence Police Council Ministers Cabinet Affairs Office and the
    Agriculture Forestry Commerce Mineral Petroleum Oil Industry Handicraft Post
    """.split()
)
_RANKS = frozenset(
    """
    General Lieutenant-General Major-General Brigadier-General Colonel Major Captain
    Lieutenant Sergeant Admiral Commodore Brigadier Marshal Dr. Professor Samdech
    """.split()
) | frozenset({"Lieutenant General", "Major General", "Brigadier General", "Senior General",
               "Lieutenant Colonel", "Senior Colonel", "Vice Admiral", "Rear Admiral",
               "Field Marshal", "Air Marshal", "Reverend"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "messrs", "sir", "dame", "dr", "prof"})
_ARTICLES = frozenset({"a", "an", "the", "its", "his", "her", "their", "our", "whose", "and", "as"})
_ROLE_MODIFIERS_CAP = frozenset(
    "first second senior deputy vice special supreme executive principal assistant chief "
    "acting former permanent junior associate".split()
)
_NOT_MODIFIERS = frozenset(
    "of in at for to from with by on who which that is was were are has had have said "
    "told says and or but as during after before since while under over between among "
    "into than then there this these those its their his her our".split()
)
_DOMAIN_HEADS = frozenset({"minister", "secretary", "ministers"})
_APPOSITION_ROLES = frozenset(
    """
    analyst analysts lecturer researcher professor economist scientist fellow expert
    official candidate farmer fisherman villager resident student activist leader head
    chief founder owner member investigator director envoy representative attaché attache
    rapporteur mate coordinator officer commander spokesperson spokesman spokeswoman
    hydrologist engineer doctor teacher journalist reporter writer author historian
    lawyer judge chairman chairwoman chair vice-chair vice-chairman vice-president
    president secretary minister adviser advisor strategist consultant manager executive
    negotiator diplomat ambassador governor mayor lawmaker legislator senator deputy
    monk priest worker trader broker banker partner
    """.split()
)
_ROLE_HEADS = frozenset({"minister", "secretary", "director", "commander", "chief", "head",
                         "governor", "president", "chairman", "ambassador"})


_INNER_OK = frozenset("Jun Mar May Sun Sat Wed Jan Dec Oct Nov Aug Apr Sep Sept Mon Fri Tue Thu Thur".split())


def _is_name_word(w: str, inner: bool = False) -> bool:
    if not w or not w[0].isupper():
        return False
    if (w in NON_ENTITY_WORDS and not (inner and w in _INNER_OK)) or w in _ORG_WORDS:
        return False
    if len(w) > 1 and w.isupper():
        return False  # acronyms and all-caps words are not given names or surnames
    return not any(ch.isdigit() for ch in w)


class _People:
    def __init__(self, doc: Doc, gaz: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gaz
        self.words = doc.words
        self.lower = [w.lower() for w in doc.words]
        self.n = len(doc.words)

    # -- names -----------------------------------------------------------------------
    def name_end(self, i: int, max_words: int = 4, initial_ok: bool = False) -> int:
        """End (exclusive) of a person name starting at token ``i``; ``i`` if none."""
        words, joined, doc = self.words, self.doc.joined, self.doc
        n = self.n
        if i >= n or doc.no_person[i]:
            return i
        j = i
        count = 0
        while j < n and count < max_words:
            w = words[j]
            if j > i and not joined[j]:
                break
            if _is_name_word(w, j > i) and not self._is_title_at(j) and not self._place_or_org_at(j, i):
                # an initial: "James A. Baker"
                if len(w) == 1:
                    if j + 1 < n and words[j + 1] == "." and (j > i or initial_ok) and j + 2 < n and \
                            _is_name_word(words[j + 2]):
                        j += 2
                        continue
                    if j == i:
                        break
                j += 1
                count += 1
                # "Jean-Claude", "al-Assad", "Leigh-Pemberton", "Ji-hoon", "Chan-o-cha"
                while j + 1 < n and words[j] == "-" and doc.starts[j] == doc.ends[j - 1] and \
                        doc.starts[j + 1] == doc.ends[j] and words[j + 1][:1].isalpha():
                    j += 2
                # "Ferdinand Marcos Jr."
                if j < n and words[j] in ("Jr", "Sr", "II", "III", "IV") and joined[j] and count >= 2:
                    j += 1
                    if j < n and words[j] == "." and doc.starts[j] == doc.ends[j - 1]:
                        j += 1
                    break
                continue
            if w in _NAME_PARTICLES and j > i and j + 1 < n and _is_name_word(words[j + 1]):
                j += 1
                continue
            break
        # no trailing particle / initial
        while j > i and (words[j - 1] in _NAME_PARTICLES or words[j - 1] == "-" or
                         words[j - 1] == "." and words[j - 2] not in ("Jr", "Sr")):
            j -= 1
        return j

    def _place_or_org_at(self, j: int, i: int) -> bool:
        w = self.words[j]
        if w in self.gaz.place_words:
            # "Michael Jordan", "George Washington": a place word after a given name is a name
            return not (j > i and self.words[i] in GIVEN_NAMES)
        if self.gaz.orgs.match(self.words, self.doc.joined, j) is not None:
            return True
        hit = self.gaz.places.match(self.words, self.doc.joined, j)
        return hit is not None and hit[0] > 1

    def _is_title_at(self, j: int) -> bool:
        return self.lower[j] in self.gaz.titles.by_first and self.title_at(j) is not None

    # -- titles ----------------------------------------------------------------------
    def title_at(self, i: int) -> tuple[int, str, bool] | None:
        """A title starting at token ``i``: (end, role as written, is_rank) or None."""
        hit = self.gaz.titles.match(self.lower, self.doc.joined, i)
        if hit is None:
            return None
        size, normalized = hit
        end = i + size
        words = self.words
        if self.doc.upper[i]:
            return None  # "GENERAL" in an all-caps headline
        # unlisted "Minister of ..." titles
        if self.lower[end - 1] in _ROLE_HEADS and end + 1 < self.n and words[end] == "of":
            k = end + 1
            while k < self.n and (words[k] in _ROLE_DOMAIN) and self.doc.joined[k]:
                k += 1
            while k > end + 1 and words[k - 1] in ("and", "the"):
                k -= 1
            # stop short of an organisation's name: "Commander-in-Chief of the Royal Cambodian ..."
            runs_on = k < self.n and self.doc.joined[k] and words[k][:1].isupper() \
                and not self._could_start_name(k)
            if k > end + 1 and not runs_on:
                end = k
        return end, self._role_text(i, end, str(normalized)), self._is_rank(i, end, str(normalized))

    def _could_start_name(self, k: int) -> bool:
        w = self.words[k]
        return _is_name_word(w) and w not in _ROLE_DOMAIN and w not in self.gaz.place_words \
            and self.gaz.orgs.match(self.words, self.doc.joined, k) is None

    def _role_text(self, i: int, end: int, normalized: str) -> str:
        doc = self.doc
        text = " ".join(doc.body[doc.starts[i] : doc.ends[end - 1]].split())
        if not normalized:
            return ""
        if "." in text:
            return normalized
        return text

    @staticmethod
    def _is_rank(i: int, end: int, normalized: str) -> bool:
        return not normalized or normalized in _RANKS

    def _modifiers_before(self, i: int, floor: int, lowercase: bool = True) -> int:
        """Start of the modifiers of the title at ``i``: "security analyst", "former"."""
        k = i
        words, doc = self.words, self.doc
        while k - 1 >= floor and i - (k - 1) <= 4 and doc.joined[k]:
            w = words[k - 1]
            lw = self.lower[k - 1]
            if w == "-" and k - 2 >= floor and doc.ends[k - 2] == doc.starts[k - 1] \
                    and doc.ends[k - 1] == doc.starts[k] and words[k - 2].islower():
                k -= 2  # "disaster-risk analyst"
                continue
            if lw in _ARTICLES or w in ("'s", "’s", ",") or not w[0].isalpha():
                break
            if w[0].isupper():
                if lw in _ROLE_MODIFIERS_CAP or (w in _ROLE_DOMAIN and self.lower[i] in _DOMAIN_HEADS):
                    k -= 1
                    continue
                break
            if not lowercase and lw != "former":
                break
            if lw in _NOT_MODIFIERS or lw.endswith("ly"):
                break
            k -= 1
        # "former" alone may open the phrase; a lone hyphen may not
        while k < i and words[k] == "-":
            k += 1
        return k

    def title_chain(self, i: int) -> tuple[int, str | None, int] | None:
        """Consecutive titles before a name ("Junta spokesman Major General"):
        (end, role, start). A function wins over a rank: "Minister of National Defence"
        over "General"; a rank or an honorific counts when there is nothing else."""
        first = self.title_at(i)
        if first is None:
            return None
        end, text, rank = first
        start = self._modifiers_before(i, max(0, i - 3), lowercase=False)
        function = None if rank else self._with_modifiers(start, i, text)
        rank_text = text if rank else None
        while end < self.n and self.doc.joined[end]:
            nxt = self.title_at(end)
            if nxt is None:
                break
            end, text, rank = nxt
            if rank:
                rank_text = text or rank_text
            else:
                function = text
        return end, function or rank_text or None, start

    def _with_modifiers(self, start: int, i: int, text: str) -> str:
        if start >= i or not text:
            return text
        doc = self.doc
        return " ".join(doc.body[doc.starts[start] : doc.starts[i]].split() + [text])

    # -- detection -------------------------------------------------------------------
    def find(self) -> list[Candidate]:
        doc, words, n = self.doc, self.words, self.n
        out: list[Candidate] = []
        claimed = [False] * n
        # 1. title + name
        i = 0
        while i < n:
            if self.lower[i] not in self.gaz.titles.by_first or doc.no_person[i]:
                i += 1
                continue
            chain = self.title_chain(i)
            if chain is None:
                i += 1
                continue
            end, role, _ = chain
            # a lower-case role word must not be a plain noun before a capitalised word
            # that starts a new sentence
            name_at = end
            if end + 1 < n and self.words[end] == "," and self.lower[i] not in _HONORIFICS:
                name_at = end + 1  # "Its chairman, Zhao Wei, was ..."
            if name_at < n and doc.joined[name_at] and not doc.sent_start[name_at]:
                stop = self.name_end(name_at, initial_ok=True)
                if name_at > end and not (stop < n and self.words[stop] in (",", ".")):
                    stop = name_at
                if stop > name_at and not self._looks_like_org_after(stop):
                    end = name_at
                    role = self._apposition_role(stop) or role
                    out.append(Candidate(end, stop, "person", self._name(end, stop),
                                         role=role or None, priority=4))
                    for k in range(end, stop):
                        claimed[k] = True
                    i = stop
                    continue
            i = end
        # 2. runs of name words: given names, apposition roles, reporting verbs
        nxt = 0
        for i in doc.caps:
            if i < nxt:
                continue
            w = words[i]
            if claimed[i] or doc.no_person[i] or not _is_name_word(w) or len(w) < 2:
                continue
            if i > 0 and doc.joined[i] and _is_name_word(words[i - 1]) and not claimed[i - 1] \
                    and not doc.no_person[i - 1] and words[i - 1] not in NON_ENTITY_WORDS:
                continue  # only from the start of a run
            stop = self.name_end(i, 3)
            if stop - i < 2 or any(claimed[k] for k in range(i, stop)):
                continue
            if self._looks_like_org_after(stop):
                nxt = stop
                continue
            role = self._apposition_role(stop)
            lead = words[i]
            start = i
            if doc.sent_start[i] and lead.lower() in doc.lower_vocab:
                # "Despite", "Regional": a sentence-initial ordinary word is not a name
                start = i + 1
                if stop - start < 2:
                    nxt = stop
                    continue
            prio = 0
            if words[start] in GIVEN_NAMES:
                prio = 2
            elif role is not None:
                prio = 3
            elif self._reporting_after(stop) or self._cue_before(start):
                if not any(self.lower[k] in doc.lower_vocab for k in range(start, stop)):
                    prio = 1
            if prio:
                out.append(Candidate(start, stop, "person", self._name(start, stop),
                                     role=role, priority=prio))
                for k in range(start, stop):
                    claimed[k] = True
            nxt = stop
        return out

    def _looks_like_org_after(self, stop: int) -> bool:
        words = self.words
        if stop < self.n and self.doc.joined[stop]:
            w = words[stop]
            if w in _ORG_WORDS or w in ("&",) or (w == "and" and stop + 1 < self.n and words[stop + 1] in ("Co", "Company", "Sons")):
                return True
        return False

    def _apposition_role(self, stop: int) -> str | None:
        """Role in ", a lecturer of ..." / ", the coast guard's spokesperson" after a name."""
        words = self.words
        if stop >= self.n or words[stop] != ",":
            return None
        k = stop + 1
        limit = min(self.n, k + 8)
        while k < limit:
            w = words[k]
            if w in (",", ".", ";", ":", "(", ")", '"', "“", "”", "said", "says", "told", "of",
                     "who", "which", "whose", "to", "for", "with"):
                return None
            lw = self.lower[k]
            if lw in self.gaz.titles.by_first or lw in _APPOSITION_ROLES:
                hit = self.title_at(k) if lw in self.gaz.titles.by_first else None
                if hit is not None and hit[1]:
                    end, text, rank = hit
                    if end < self.n and self.doc.joined[end] and _is_name_word(words[end]) \
                            and not self.doc.sent_start[end]:
                        return None  # "..., Prime Minister Fumio Kishida": another person
                elif lw in _APPOSITION_ROLES and not w[0].isupper():
                    end, text = k + 1, " ".join(self.doc.body[self.doc.starts[k]:self.doc.ends[k]].split())
                else:
                    k += 1
                    continue
                start = self._modifiers_before(k, stop + 1)
                return self._with_modifiers(start, k, text)
            k += 1
        return None

    def _reporting_after(self, stop: int) -> bool:
        words = self.words
        k = stop
        if k < self.n and words[k] == ",":
            k += 1
            if k < self.n and words[k] in ("who",):
                return True
        return k < self.n and words[k] in _REPORTING_VERBS

    def _cue_before(self, start: int) -> bool:
        for cue in _PRECEDING_CUES:
            size = len(cue)
            if start - size >= 0 and tuple(self.lower[start - size : start]) == cue:
                return cue[0] not in ("by", "with", "and")
        return False

    def _name(self, i: int, j: int) -> str:
        doc = self.doc
        return " ".join(doc.body[doc.starts[i] : doc.ends[j - 1]].split())


def find_people(doc: Doc, gaz: Gazetteer) -> list[Candidate]:
    return _People(doc, gaz).find()


def find_short_references(doc: Doc, people: list[Candidate]) -> list[Candidate]:
    """Later mentions of a person: the full name again, the surname ("Sophan", "SOPHAN" in
    a headline) or, for names whose first word is not a Western given name, that word
    ("Prabowo", "Ueno")."""
    from dateline.extract.gazetteer import PhraseIndex, key_of

    full = PhraseIndex()
    by_short: dict[str, Candidate] = {}
    for c in people:
        parts = [p for p in c.name.split() if p.rstrip(".") not in ("Jr", "Sr", "II", "III", "IV")]
        if len(parts) < 2:
            continue
        full.add(key_of(c.name), c)
        last = parts[-1]
        by_short.setdefault(last, c)
        by_short.setdefault(last.upper(), c)
    for c in people:
        parts = c.name.split()
        if len(parts) >= 2 and parts[0] not in GIVEN_NAMES and len(parts[0]) >= 4 \
                and parts[0] not in NON_ENTITY_WORDS and "." not in parts[0]:
            by_short.setdefault(parts[0], c)
    if not by_short:
        return []
    words, joined = doc.words, doc.joined
    n = len(words)
    out = []
    nxt = 0
    for k in doc.caps:
        if k < nxt:
            continue
        w = words[k]
        hit = full.match(words, joined, k)
        if hit is not None:
            size, c = hit
            out.append(Candidate(k, k + size, "person", c.name, role=c.role, priority=5))
            nxt = k + size
            continue
        c = by_short.get(w)
        if c is None or (w.isupper() and not doc.upper[k]):
            continue
        # not inside a longer run of capitalised words ("Nguyen Xuan Phuc")
        before = k > 0 and joined[k] and words[k - 1][:1].isupper() and words[k - 1] not in NON_ENTITY_WORDS \
            and not doc.sent_start[k] and words[k - 1].lower() not in _HONORIFICS \
            and words[k - 1] not in ("Gen", "General", "President", "Minister")
        after = k + 1 < n and joined[k + 1] and words[k + 1][:1].isupper() and not doc.upper[k]
        if (before and not doc.upper[k]) or after:
            continue
        out.append(Candidate(k, k + 1, "person", c.name, role=c.role, priority=5))
    return out
