"""Render query results as an aligned text table, CSV or JSON.

Text meant for a terminal (the table format, `dateline run`'s lines, error messages, logs) shows
control characters escaped (ESC as \x1b), so data cannot drive the terminal; the data itself keeps
them. The table fits the terminal's width ($COLUMNS, else the terminal's own): the widest text
columns are cut with "…" until it does; numbers, dates and times are never cut. With no terminal
and no $COLUMNS, a cell is cut at 60 characters. JSON escapes control characters the JSON way, has
null for NaN and ±Infinity, ISO 8601 dates, timestamps in UTC with Z, and durations (P1DT2H3M4.5S),
and blobs as hex. CSV is data for other programs and is written as stored.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sys
import textwrap
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

MAX_WIDTH = 60  # a cell's characters when the width of the output is not known
MIN_WIDTH = 6  # a text column is never cut narrower than this
GAP = "  "
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_JSON_CONTROL_RE = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters (but tab and newline) escaped, and bytes
    that were not UTF-8 (surrogates) shown as \\xNN."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") if _has_surrogates(text) else text
    return _CONTROL_RE.sub(_escape, text)


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def _text(value: object) -> str:
    return "NULL" if value is None else printable(" ".join(str(value).split()))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def output_width() -> int | None:
    """The columns the table may use: $COLUMNS, else the width of the terminal on stdout; None
    when stdout is not a terminal (a pipe or a file)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else None
    except (OSError, ValueError, AttributeError):
        return None


def fit(natural: Sequence[int], shrinkable: Sequence[bool], width: int) -> list[int]:
    """Column widths that fit ``width`` (with two spaces between columns): the widest shrinkable
    columns are narrowed to one common cap, down to MIN_WIDTH; the others keep their width."""
    budget = width - len(GAP) * (len(natural) - 1)
    floor = [min(w, MIN_WIDTH) if s else w for w, s in zip(natural, shrinkable, strict=True)]
    if sum(natural) <= budget or sum(floor) >= budget:
        return list(natural) if sum(natural) <= budget else floor

    def widths(cap: int) -> list[int]:
        return [max(min(w, cap), f) if s else w for w, s, f in zip(natural, shrinkable, floor, strict=True)]

    low, high = MIN_WIDTH, max(natural)
    while low < high:  # the largest cap that fits
        mid = (low + high + 1) // 2
        low, high = (mid, high) if sum(widths(mid)) <= budget else (low, mid - 1)
    fitted = widths(low)
    spare = budget - sum(fitted)
    for i, (w, s) in enumerate(zip(natural, shrinkable, strict=True)):  # what is left, to the leftmost cut columns
        if spare and s and fitted[i] < w:
            fitted[i] += 1
            spare -= 1
    return fitted


def table(columns: Sequence[str], rows: Sequence[Sequence[object]], *, width: int | None = -1, wrap: bool = False) -> str:
    """An aligned text table: numbers right-aligned, NULL for null. ``width``: the columns to fit
    (-1: output_width(); None: no limit but MAX_WIDTH per cell). ``wrap``: a text too wide for its
    column goes on over the next lines instead of being cut."""
    columns = [printable(c) for c in columns]
    if width == -1:
        width = output_width()
    if not rows:
        header = GAP.join(columns)
        return (_cut(header, width) if width else header) + "\n(no rows)"
    cells = [[_text(v) for v in row] for row in rows]
    if width is None:
        cells = [[_cut(c, MAX_WIDTH) for c in row] for row in cells]
    natural = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    numeric = [
        any(_is_number(row[i]) for row in rows) and all(_is_number(row[i]) or row[i] is None for row in rows)
        for i in range(len(columns))
    ]
    text = [all(isinstance(row[i], str | None) for row in rows) for i in range(len(columns))]
    widths = natural if width is None else fit(natural, text, width)

    def line(values: Sequence[str]) -> str:
        parts = [_cut(v, w).rjust(w) if num else _cut(v, w).ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return GAP.join(parts).rstrip()

    def lines(values: Sequence[str]) -> list[str]:
        if not wrap:
            return [line(values)]
        pieces = [textwrap.wrap(v, w, break_on_hyphens=False) or [""] for v, w in zip(values, widths, strict=True)]
        return [line([p[i] if i < len(p) else "" for p in pieces]) for i in range(max(map(len, pieces)))]

    return "\n".join([line(columns), line(["-" * w for w in widths]), *(text for r in cells for text in lines(r))])


def iso_duration(span: timedelta) -> str:
    """ISO 8601: P1DT2H3M4.5S; negative spans get a leading minus."""
    sign = "-" if span < timedelta(0) else ""
    span = abs(span)
    days, rest = span.days, span - timedelta(days=span.days)
    hours, rest_s = divmod(rest.total_seconds(), 3600)
    minutes, seconds = divmod(rest_s, 60)
    text = f"{sign}P{days}D" if days else f"{sign}P"
    clock = ""
    if hours:
        clock += f"{int(hours)}H"
    if minutes:
        clock += f"{int(minutes)}M"
    if seconds or not (days or clock):
        clock += f"{seconds:g}S"
    return text + ("T" + clock if clock else "")


def _json_value(value: object) -> object:
    """A value JSON has no type for; floats that are not numbers become null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime):  # the warehouse's timestamps are UTC; a TIMESTAMPTZ is converted to it
        utc = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        return utc.isoformat() + "Z"
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return iso_duration(value)
    if isinstance(value, Decimal):
        return _json_value(float(value))
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def as_json(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    records = [{column: _json_value(value) for column, value in zip(columns, row, strict=True)} for row in rows]
    text = json.dumps(records, ensure_ascii=False, allow_nan=False)
    return _JSON_CONTROL_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def as_csv(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")


FORMATS = {"table": table, "csv": as_csv, "json": as_json}
