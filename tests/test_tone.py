"""Tests for GDELT-style tone from the VADER lexicon."""

from __future__ import annotations

import dataclasses
import socket

import pytest

from dateline.extract import tone as tone_module
from dateline.extract.tone import NEUTRAL_WORDS, TONE_VERSION, Tone, tone, word_polarity

ZERO = Tone(tone=0.0, positive=0.0, negative=0.0, polarity=0.0, word_count=0)


def test_version() -> None:
    assert TONE_VERSION == "tone-1"


@pytest.mark.parametrize("body", ["", "   \n\n ", "123 456.7 -- ...", "<> 1987-02-26 ,;:"])
def test_no_words_gives_zeros(body: str) -> None:
    assert tone(body) == ZERO


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The outlook is good.", Tone(25.0, 25.0, 0.0, 25.0, 4)),
        ("Shares rose", Tone(0.0, 0.0, 0.0, 0.0, 2)),
        ("Good good GOOD bad", Tone(50.0, 75.0, 25.0, 100.0, 4)),
        ("War and crisis", Tone(-66.6667, 0.0, 66.6667, 66.6667, 3)),
        ("The nation\u2019s peace", Tone(33.3333, 33.3333, 0.0, 33.3333, 3)),
        ("Peace's champions", Tone(100.0, 100.0, 0.0, 100.0, 2)),
        ("The deal is not good.", Tone(-20.0, 0.0, 20.0, 20.0, 5)),
        ("Not the only good news", Tone(-20.0, 0.0, 20.0, 20.0, 5)),
        ("Not the only one good thing", Tone(16.6667, 16.6667, 0.0, 16.6667, 6)),
        ("No. Good.", Tone(50.0, 50.0, 0.0, 50.0, 2)),
        ("It isn't bad; it is terrible!", Tone(0.0, 16.6667, 16.6667, 33.3333, 6)),
        ("We didn\u2019t fail", Tone(33.3333, 33.3333, 0.0, 33.3333, 3)),
        ("OK, TX 75201", Tone(0.0, 0.0, 0.0, 0.0, 2)),
        ("Interest on the outstanding crude shares", Tone(0.0, 0.0, 0.0, 0.0, 6)),
        (
            "Troops killed in the attack, but peace talks offer hope.",
            Tone(0.0, 20.0, 20.0, 40.0, 10),
        ),
    ],
)
def test_tone_of_known_sentences(body: str, expected: Tone) -> None:
    assert tone(body) == expected


def test_tone_fields_and_rounding() -> None:
    result = tone("One good word among seven plain ones")
    assert [f.name for f in dataclasses.fields(Tone)] == [
        "tone", "positive", "negative", "polarity", "word_count",
    ]
    assert result == Tone(14.2857, 14.2857, 0.0, 14.2857, 7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.tone = 1.0  # type: ignore[misc]


def test_tone_is_deterministic() -> None:
    body = "Strong growth helped, but the strike and the war hurt exports. Not bad overall."
    assert tone(body) == tone(body) == tone(str(body))


def test_case_insensitive() -> None:
    assert tone("GREAT SUCCESS") == tone("great success") == Tone(100.0, 100.0, 0.0, 100.0, 2)


@pytest.mark.parametrize(("word", "sign"), [("good", 1), ("peace", 1), ("war", -1), ("crisis", -1)])
def test_word_polarity(word: str, sign: int) -> None:
    assert word_polarity()[word] == sign


@pytest.mark.parametrize("word", ["no", "not", "ok", "l", *sorted(NEUTRAL_WORDS)])
def test_unscored_words(word: str) -> None:
    assert word not in word_polarity()


def test_lexicon_loads_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    tone_module.word_polarity.cache_clear()
    assert len(tone_module.word_polarity()) > 5000
    assert tone("good") == Tone(100.0, 100.0, 0.0, 100.0, 1)
