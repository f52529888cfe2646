"""Render query results as an aligned text table, CSV or JSON.

Text meant for a terminal (the table format, `dateline run`'s lines, error messages, logs) shows
control characters escaped (ESC as \x1b), so data cannot drive the terminal; the data itself keeps
them. JSON escapes them the JSON way, has null for NaN and ±Infinity, ISO 8601 dates, times and
durations. CSV is data for other programs and is written as stored.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

MAX_WIDTH = 60
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


def _cell(value: object) -> str:
    if value is None:
        return "NULL"
    text = printable(" ".join(str(value).split()))
    return text if len(text) <= MAX_WIDTH else text[: MAX_WIDTH - 1] + "…"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    columns = [printable(c) for c in columns]
    if not rows:
        return "  ".join(columns) + "\n(no rows)"
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    numeric = [
        any(_is_number(row[i]) for row in rows) and all(_is_number(row[i]) or row[i] is None for row in rows)
        for i in range(len(columns))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)])


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
    if isinstance(value, datetime | date | time):
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
