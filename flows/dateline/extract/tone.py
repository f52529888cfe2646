"""GDELT GKG-style document tone from VADER's word lexicon, in one tokenisation pass.

Words are lowercase letter runs with inner apostrophes kept (``don't``,
``nation's``; typographic ``’`` counts as ``'``); digits and punctuation are
not words. A word is positive if its VADER valence is > 0 and negative if < 0;
a possessive ``'s`` is dropped when the word itself is not in the lexicon.
Not scored: lexicon entries shorter than three letters (chat slang such as
"ok", "tx", "l"), the negators below, and ``NEUTRAL_WORDS``, newswire terms
whose VADER valence reflects another sense ("shares", "interest", "crude").

Negation: a scored word within ``NEGATION_WINDOW`` words after a negator
(``NEGATORS`` or any word ending in ``n't``) counts with the opposite
polarity; ``. ! ? ; :`` end the window.

``positive``/``negative`` are percentages of ``word_count`` (all words),
``tone = positive - negative`` and ``polarity = positive + negative``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

TONE_VERSION = "tone-1"
NEGATION_WINDOW = 3
MIN_SCORED_LENGTH = 3
NEGATORS = frozenset(
    {"not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere", "cannot", "without"}
)
NEUTRAL_WORDS = frozenset(
    {
        "assets", "credit", "crude", "demand", "effective", "energy", "gross", "interest",
        "number", "outstanding", "party", "pay", "securities", "security", "share", "shares",
        "special", "treasury", "trust", "united", "value", "worth",
    }
)
_CLAUSE_ENDS = frozenset(".!?;:")
_TOKEN_RE = re.compile(r"[a-z]+(?:'[a-z]+)*|[.!?;:]")
_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)*")


@dataclass(frozen=True, slots=True)
class Tone:
    """GDELT GKG tone fields; percentages rounded to 4 decimals."""

    tone: float
    positive: float
    negative: float
    polarity: float
    word_count: int


@cache
def word_polarity() -> dict[str, int]:
    """Return word -> +1/-1 from VADER's lexicon (read once from the file shipped in the package)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    lexicon: dict[str, float] = SentimentIntensityAnalyzer().lexicon
    return {
        word: 1 if valence > 0 else -1
        for word, valence in lexicon.items()
        if valence
        and len(word) >= MIN_SCORED_LENGTH
        and _WORD_RE.fullmatch(word)
        and word not in NEGATORS
        and word not in NEUTRAL_WORDS
    }


def tone(body: str) -> Tone:
    """Score ``body``: percentages of positive and negative words, GDELT style."""
    polarity = word_polarity()
    words = positive = negative = 0
    negated_until = 0
    for token in _TOKEN_RE.findall(body.lower().replace("\u2019", "'")):
        if token in _CLAUSE_ENDS:
            negated_until = 0
            continue
        words += 1
        sign = polarity.get(token)
        if sign is None and token.endswith("'s"):
            sign = polarity.get(token[:-2])
        if sign is not None:
            if words <= negated_until:
                sign = -sign
            if sign > 0:
                positive += 1
            else:
                negative += 1
        elif token in NEGATORS or token.endswith("n't"):
            negated_until = words + NEGATION_WINDOW
    if not words:
        return Tone(0.0, 0.0, 0.0, 0.0, 0)
    positive_pct = 100.0 * positive / words
    negative_pct = 100.0 * negative / words
    return Tone(
        tone=round(positive_pct - negative_pct, 4),
        positive=round(positive_pct, 4),
        negative=round(negative_pct, 4),
        polarity=round(positive_pct + negative_pct, 4),
        word_count=words,
    )
