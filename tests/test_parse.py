"""The parser: every way a file can break the format gets its precise reason."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.parse import ArticleError, parse_article, parse_file_name, split_paragraphs

TODAY = date(2026, 11, 23)
GOOD = " date 2024-03-25 Cambodia and China held talks. They agreed to meet again.\n\nNext Steps Ahead\n\nOfficials said more visits would follow."


def reason(raw: bytes, **kwargs) -> str:
    with pytest.raises(ArticleError) as info:
        parse_article(raw, today=TODAY, **kwargs)
    return info.value.reason


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "empty file (0 bytes)"),
        (b"Cambodia and China held talks.", "no date line"),
        (b"\n date 2024-03-25 text", "no date line"),
        (b"date: 2024-03-25 text", "no date line"),
        (b" date ", "date line has no date"),
        (b" date 2024-13-45 text", "invalid date 2024-13-45"),
        (b" date 2023-02-29 text", "invalid date 2023-02-29"),
        (b" date 25/03/2024 text", "invalid date 25/03/2024"),
        (b" date March 25, 2024 text", "invalid date March"),
        (b" date 2999-01-01 text", "date 2999-01-01 is in the future"),
        (b" date 2026-11-25 text", "date 2026-11-25 is in the future"),
        (b" date 2024-03-25", "empty body"),
        (b" date 2024-03-25 \n\n  \n", "empty body"),
        (b" date 2024-03-25 caf\xe9 au lait", "not UTF-8 text (byte 0xe9 at offset 20)"),
        (b"\xff\xd8\xff\xe0 JFIF", "not UTF-8 text (byte 0xff at offset 0)"),
        (b" date 2024-03-25 a\x00b", "binary data (NUL byte at offset 18)"),
        (b" date 2024-03-25 " + b"\x01\x02\x03\x04\x05\x06\x07\x08\x0b" * 2, "binary data (18 control characters)"),
        (b"\xef\xbb\xbf", "no date line"),
    ],
)
def test_broken_files_get_a_precise_reason(raw: bytes, expected: str) -> None:
    assert reason(raw) == expected


def test_a_file_over_the_size_limit_is_too_large() -> None:
    assert reason(GOOD.encode(), max_bytes=100) == f"file too large ({len(GOOD.encode())} bytes, limit 100)"


def test_tomorrow_is_tolerated_for_time_zones() -> None:
    assert parse_article(b" date 2026-11-24 Early edition.", today=TODAY).published_date == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("raw", "warnings"),
    [
        (GOOD.encode(), ()),
        (b"\xef\xbb\xbf" + GOOD.encode(), ("byte-order mark removed",)),
        (GOOD.replace("\n", "\r\n").encode(), ("CR line endings converted to LF",)),
        (b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode() + b"\r\n", ("byte-order mark removed", "CR line endings converted to LF")),
        ((GOOD + "\n\n \t\n").encode(), ()),
    ],
)
def test_repairable_files_load_with_the_same_body(raw: bytes, warnings: tuple[str, ...]) -> None:
    parsed = parse_article(raw, today=TODAY)
    assert parsed.body == GOOD[len(" date 2024-03-25 ") :]
    assert parsed.warnings == warnings


def test_the_body_is_the_text_after_the_header() -> None:
    parsed = parse_article(GOOD.encode(), today=TODAY)
    assert parsed.published_date == date(2024, 3, 25)
    assert parsed.body.startswith("Cambodia and China held talks.")
    assert parsed.title == "Cambodia and China held talks."
    assert (parsed.word_count, parsed.sentence_count, parsed.paragraph_count, parsed.heading_count) == (19, 3, 2, 1)
    assert [p.kind for p in parsed.paragraphs] == ["lead", "heading", "text"]


def test_a_date_line_followed_by_a_newline_starts_the_body_on_the_next_line() -> None:
    parsed = parse_article(b" date 2024-03-25\nTalks resumed on Monday.", today=TODAY)
    assert parsed.body == "Talks resumed on Monday."


def test_a_headline_first_paragraph_is_the_title() -> None:
    raw = b" date 1987-02-26 BAHIA COCOA REVIEW\n\nShowers continued throughout the week. Dry weather is expected.\n"
    parsed = parse_article(raw, today=TODAY)
    assert parsed.title == "BAHIA COCOA REVIEW"
    assert [p.kind for p in parsed.paragraphs] == ["headline", "text"]
    assert (parsed.word_count, parsed.sentence_count, parsed.paragraph_count) == (12, 2, 1)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("General Mao Sophan met Gen. Li in Beijing. Talks went well.", 2),
        ("The U.S. Army sent aid. It arrived on Jan. 5 in Phnom Penh.", 2),
        ("Defence Minister Dong Jun. The meeting followed.", 2),
        ("He said: “We agree.” Then he left!", 2),
        ("Prices rose 2.5 pct in March. Analysts were surprised?", 2),
        ("J. R. Smith joined Acme Corp. The deal closed.", 2),
        ("Shr 72 cts vs 71 cts", 1),
    ],
)
def test_sentence_boundaries(text: str, sentences: int) -> None:
    assert parse_article(f" date 2024-03-25 Lead.\n\n{text}".encode(), today=TODAY).sentence_count == 1 + sentences


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("Deepening Strategic Partnerships", "heading"),
        ("Regional and International Perspectives", "heading"),
        ("Cambodia and China: Next Steps", "heading"),
        ("Looking Ahead to 2025", "heading"),
        ("Net 89,000 vs 1,130,000", "text"),
        ("Nine mths", "text"),
        ("Record April 24", "text"),
        ("Other Asia and", "text"),
        ("Background", "text"),
        ("The talks ended.", "text"),
        ("What Comes Next?", "text"),
    ],
)
def test_heading_detection(paragraph: str, kind: str) -> None:
    body = f"The lead paragraph.\n\n{paragraph}\n\nMore text."
    assert split_paragraphs(body)[1].kind == kind


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_b6bfd09d12e33e23.txt", (0, "b6bfd09d12e33e23", "000_b6bfd09d12e33e23")),
        ("00001_57f72c79f7ca9ab1.txt", (1, "57f72c79f7ca9ab1", "00001_57f72c79f7ca9ab1")),
        ("1234567_0123456789abcdef.txt", (1234567, "0123456789abcdef", "1234567_0123456789abcdef")),
    ],
)
def test_file_names_that_match(name: str, expected: tuple) -> None:
    parsed = parse_file_name(name)
    assert (parsed.seq_no, parsed.source_id, parsed.article_id) == expected


@pytest.mark.parametrize(
    "name",
    ["notes.txt", "000_B6BFD09D12E33E23.txt", "000_b6bfd09d12e33e2.txt", "_b6bfd09d12e33e23.txt", "000_b6bfd09d12e33e23.md", "000-b6bfd09d12e33e23.txt"],
)
def test_file_names_that_do_not_match(name: str) -> None:
    with pytest.raises(ArticleError) as info:
        parse_file_name(name)
    assert info.value.reason == f"file name {name!r} does not match NNN_HHHHHHHHHHHHHHHH.txt"
