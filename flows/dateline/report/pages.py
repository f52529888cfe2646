"""The report's HTML: one self-contained page each, styles inline, no script, no request."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape

import pandas as pd

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.passed{color:#2e7d32;font-weight:600}.failed{color:#c62828;font-weight:600}.not-run{color:#777}
code{font-size:.85em;background:#f6f6f6;padding:0 .2em}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
svg{max-width:100%;height:auto}nav a{margin-right:1rem}.muted{color:#666;font-size:.85rem}
"""


def page(title: str, body: Iterable[str], *, nav: Sequence[tuple[str, str]] = ()) -> str:
    links = "".join(f'<a href="{escape(href)}">{escape(text)}</a>' for text, href in nav)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
            f"<nav>{links}</nav>" if links else "",
            f"<h1>{escape(title)}</h1>",
            *body,
            "</body></html>",
        ]
    )


def text(value: object) -> str:
    """A cell: escaped, '-' for a missing value, UTC times with a Z."""
    if value is None or (not isinstance(value, str | list | dict) and pd.isna(value)):
        return "-"
    if isinstance(value, datetime | pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M:%SZ")
    return escape(str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: Sequence[bool] = (), table_id: str = "") -> str:
    """Cells are HTML already (escape with ``text``)."""
    numeric = list(numeric) or [False] * len(headers)
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    head = f"<thead><tr>{head}</tr></thead>" if any(headers) else ""
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{c}</td>' if n else f"<td>{c}</td>" for c, n in zip(row, numeric, strict=True)) + "</tr>"
        for row in rows
    )
    ident = f' id="{table_id}"' if table_id else ""
    return f"<table{ident}>{head}<tbody>{body}</tbody></table>"


def validation_badge(validation: str) -> str:
    return f'<span class="{validation.replace(" ", "-")}">{escape(validation)}</span>'


def link(href: str, label: str) -> str:
    return f'<a href="{escape(href)}">{escape(label)}</a>'


def parameters(kwargs_json: str | None) -> str:
    """An expectation's parameters without its column, as ``name=value`` pairs."""
    if not kwargs_json:
        return "-"
    kwargs = json.loads(kwargs_json)
    pairs = [f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in kwargs.items() if k != "column"]
    return "<code>" + escape(", ".join(pairs)) + "</code>" if pairs else "-"


def figure(chart_id: str, caption: str, svg: str, note: str = "") -> str:
    extra = f'<p class="muted">{note}</p>' if note else ""
    return f'<figure data-chart="{chart_id}"><figcaption>{escape(caption)}</figcaption>{svg}{extra}</figure>'
