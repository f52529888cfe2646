"""Parse one dated article file. Pure functions: bytes in, an Article or an ArticleError out."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateline import text
from dateline.settings import MAX_BYTES

PARSER_VERSION = "parser-1"
DEFAULT_MAX_BYTES = MAX_BYTES
FUTURE_TOLERANCE = timedelta(days=1)

MAX_SEQ_NO = 2**63 - 1  # seq_no is a BIGINT

# ASCII digits only: Python's \d would also take full-width or Arabic-Indic digits as a number
FILE_NAME_RE = re.compile(r"(?P<seq>[0-9]+)_(?P<source_id>[0-9a-f]{16})\.txt")
_HEADER_RE = re.compile(r"[ \t]*date[ \t]+(?P<token>[^\s]*)(?:[ \t]*\n\s*|[ \t]+|\Z)")
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n\s*")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOM = "\ufeff"

ParagraphKind = Literal["headline", "lead", "heading", "text"]


class ArticleError(ValueError):
    """A file that breaks the article format; ``reason`` says how."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class FileName:
    seq_no: int
    source_id: str
    article_id: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    kind: ParagraphKind
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Article:
    published_date: date
    title: str
    body: str
    paragraphs: tuple[Paragraph, ...]
    word_count: int
    sentence_count: int
    paragraph_count: int
    heading_count: int
    text_sha256: str
    warnings: tuple[str, ...]


def parse_file_name(name: str) -> FileName:
    """``name`` as the file system gave it: bytes that are not UTF-8 are surrogates (os.fsdecode)."""
    raw = os.fsencode(name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        shown = raw.decode("utf-8", "backslashreplace")
        raise ArticleError(f"file name '{shown}' is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    match = FILE_NAME_RE.fullmatch(name)
    if match is None:
        raise ArticleError(f"file name {name!r} does not match NNN_HHHHHHHHHHHHHHHH.txt")
    seq_no = int(match["seq"])
    if seq_no > MAX_SEQ_NO:
        raise ArticleError(f"file name {name!r} has a sequence number above {MAX_SEQ_NO}")
    return FileName(seq_no, match["source_id"], name[: -len(".txt")])


def decode(raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, tuple[str, ...]]:
    """UTF-8 text with BOM and CR removed, and the warnings for what was repaired."""
    if not raw:
        raise ArticleError("empty file (0 bytes)")
    if len(raw) > max_bytes:
        raise ArticleError(f"file too large ({len(raw)} bytes, limit {max_bytes})")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ArticleError(f"binary data (NUL byte at offset {nul})")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    controls = len(_CONTROL_RE.findall(decoded))
    if controls > max(8, len(decoded) // 100):
        raise ArticleError(f"binary data ({controls} control characters)")
    warnings: list[str] = []
    if decoded.startswith(_BOM):
        decoded = decoded[1:]
        warnings.append("byte-order mark removed")
    if "\r" in decoded:
        decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
        warnings.append("CR line endings converted to LF")
    return decoded, tuple(warnings)


def parse_header(decoded: str, *, today: date) -> tuple[date, str]:
    """The publication date and the body: the text after the ` date YYYY-MM-DD ` header."""
    match = _HEADER_RE.match(decoded)
    if match is None:
        raise ArticleError("no date line")
    token = match["token"]
    if not token:
        raise ArticleError("date line has no date")
    shown = token if len(token) <= 40 else token[:40] + "…"
    if not _ISO_DATE_RE.fullmatch(token):
        raise ArticleError(f"invalid date {shown}")
    try:
        published = date.fromisoformat(token)
    except ValueError:
        raise ArticleError(f"invalid date {shown}") from None
    if published > today + FUTURE_TOLERANCE:
        raise ArticleError(f"date {token} is in the future")
    body = decoded[match.end() :].rstrip()
    if not body:
        raise ArticleError("empty body")
    return published, body


def split_paragraphs(body: str) -> tuple[Paragraph, ...]:
    """Blocks separated by blank lines, with their offsets and their kind."""
    spans: list[tuple[int, int]] = []
    start = 0
    for gap in _BLANK_LINE_RE.finditer(body):
        spans.append((start, gap.start()))
        start = gap.end()
    spans.append((start, len(body)))
    paragraphs: list[Paragraph] = []
    for index, (begin, end) in enumerate(spans):
        chunk = body[begin:end]
        if index == 0:
            kind: ParagraphKind = "headline" if text.is_headline(chunk) else "lead"
        else:
            kind = "heading" if text.is_heading(chunk) else "text"
        paragraphs.append(Paragraph(kind, begin, end))
    return tuple(paragraphs)


def parse_text(decoded: str, *, today: date, warnings: tuple[str, ...] = ()) -> Article:
    published, body = parse_header(decoded, today=today)
    paragraphs = split_paragraphs(body)
    first = paragraphs[0]
    first_text = body[first.char_start : first.char_end]
    title = first_text if first.kind == "headline" else text.first_sentence(first_text)
    prose = [body[p.char_start : p.char_end] for p in paragraphs if p.kind in ("lead", "text")]
    return Article(
        published_date=published,
        title=" ".join(title.split()),
        body=body,
        paragraphs=paragraphs,
        word_count=text.count_words(body),
        sentence_count=sum(text.count_sentences(p) for p in prose),
        paragraph_count=len(prose),
        heading_count=sum(p.kind == "heading" for p in paragraphs),
        text_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        warnings=warnings,
    )


def parse_article(raw: bytes, *, today: date, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Parse a whole file's bytes; raises ArticleError with the reason it is not an article."""
    decoded, warnings = decode(raw, max_bytes=max_bytes)
    return parse_text(decoded, today=today, warnings=warnings)
