"""Extraction rules for how news is written, each on examples of our own (issue 13)."""

from __future__ import annotations

from dateline.extract.entities import article_countries, extract_entities


def spans(body: str, *types: str) -> list[tuple[str, str]]:
    return [(m.entity_type, m.surface) for m in extract_entities(body) if not types or m.entity_type in types]


def test_a_person_with_an_uncommon_given_name_and_no_title_is_found() -> None:
    body = "Patrik Nordgren scored twice and Arjun Nair made a century on Sunday."
    assert spans(body, "person") == [("person", "Patrik Nordgren"), ("person", "Arjun Nair")]


def test_a_lone_surname_after_the_full_name_is_that_person() -> None:
    body = "Marek Dvorsky won the stage. Afterwards Dvorsky thanked his team."
    assert [(m.surface, m.name) for m in extract_entities(body) if m.entity_type == "person"] == [
        ("Marek Dvorsky", "Marek Dvorsky"), ("Dvorsky", "Marek Dvorsky")]


def test_given_names_that_are_ordinary_words_do_not_start_a_person() -> None:
    body = "Will Power Corp gained while Grant Park and Price Tower were sold in May."
    assert spans(body, "person") == []


def test_an_uncommon_given_name_needs_every_word_to_be_a_name() -> None:
    body = "Officials in Marion County and the Santa Barbara council met. It was sunny in the county."
    assert spans(body, "person") == []
