"""Words, sentences, headings and headlines in English news text. Pure functions."""

from __future__ import annotations

import re

_WORD_RE = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_NUMBER_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d")
_TERMINAL = tuple(".!?;,:…\"'”’)")
_HEADLINE_MAX_WORDS = 25
_HEADING_MAX_WORDS = 12
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or over per the to under up via with".split()
)
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cpt sgt adm cmdr cdr gov sen rep rev hon pres
    st jr sr vs etc dept est approx fig u.s u.k u.n e.u u.s.a u.s.s.r d.c e.g i.e
    """.split()
)
BEFORE_NUMBERS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos art sec p pp vol".split()
)


def count_words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _sentence_ends(paragraph: str) -> list[int]:
    ends = []
    for match in _BOUNDARY_RE.finditer(paragraph):
        stop = match.start()
        start = max(paragraph.rfind(" ", 0, stop), paragraph.rfind("\n", 0, stop)) + 1
        word = paragraph[start:stop].lstrip("\"'“‘(").lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        if word in BEFORE_NUMBERS and paragraph[match.end() : match.end() + 1].isdigit():
            continue
        ends.append(match.start() + 1)
    return ends


def count_sentences(paragraph: str) -> int:
    return len(_sentence_ends(paragraph)) + 1 if paragraph.strip() else 0


def first_sentence(paragraph: str) -> str:
    ends = _sentence_ends(paragraph)
    end = ends[0] if ends else len(paragraph)
    return paragraph[:end].strip()


def _ends_like_a_sentence(paragraph: str) -> bool:
    return paragraph.rstrip().endswith(_TERMINAL)


def is_headline(paragraph: str) -> bool:
    """A first paragraph that is a headline, not a lead: short, one line, no final stop."""
    words = paragraph.split()
    return (
        0 < len(words) <= _HEADLINE_MAX_WORDS
        and "\n" not in paragraph.strip()
        and not _ends_like_a_sentence(paragraph)
    )


def is_heading(paragraph: str) -> bool:
    """A section heading: a few capitalised words on one line without a final stop."""
    words = paragraph.split()
    if not 0 < len(words) <= _HEADING_MAX_WORDS or "\n" in paragraph.strip():
        return False
    if _ends_like_a_sentence(paragraph) or not paragraph.lstrip()[0].isupper():
        return False
    if any(_NUMBER_RE.search(w) and not _YEAR_RE.fullmatch(w) for w in words):
        return False
    lettered = [w for w in words if any(ch.isalpha() for ch in w)]
    if len(lettered) < 2 or words[-1].lower() in _SMALL_WORDS:
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in lettered)
