"""The data dictionary, dbt-docs style: every table and view with its comment, its columns, the
tests that guard it (its GX suite and the check query the suite runs on) and its lineage, from the
landing-folder file to the fact and the analyst view.

Comments come from the database (COMMENT ON, applied from sql/comments/); tests from
expectations/<table>/critical.json; lineage from the SQL that loads each table (sql/load/) or
defines each view (sql/views/): the objects it names.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dateline.settings import EXPECTATIONS_DIR, SQL_DIR

# What each staging relation of a run holds, and where the other tables' rows come from.
ORIGINS = {
    "stg_raw": "the bytes of the landing-folder files (discover)",
    "stg_manifest": "the landing-folder files the run saw (discover, triage)",
    "stg_quarantine": "the files the parser or the pre-load suite rejected (parse, validate)",
    "stg_file_state": "size and mtime of the landing-folder files (discover)",
    "stg_article": "the landing-folder files parsed, that passed parsed_articles.critical (parse, validate)",
    "stg_mention": "the entity mentions found in those articles (extract)",
    "stg_article_theme": "the theme keywords found in those articles (extract)",
    "stg_article_country": "the countries each of those stories is about (extract)",
    "stg_theme": "seeds/themes.csv",
    "stg_country": "ISO 3166 from pycountry",
    "stg_validation_result": "the GX suites' results",
    "stg_validation_failure": "the GX suites' failing rows",
    "run": "the run itself: sql/state/run_start.sql, run_finish.sql, abandon_runs.sql",
    "schema_version": "the migrations in sql/migrations/",
}
_SQL_COMMENT_RE = re.compile(r"--[^\n]*")
_WORD_RE = re.compile(r"\b[a-z_][a-z0-9_]*\b")


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    nullable: bool
    comment: str | None


@dataclass(frozen=True)
class Suite:
    name: str
    stage: str
    query: str  # the check query's path, or what the suite runs on
    expectations: tuple[str, ...]


@dataclass
class Entry:
    name: str
    kind: str  # table | view
    comment: str | None
    columns: list[Column] = field(default_factory=list)
    built_from: list[str] = field(default_factory=list)  # objects and origins, upstream
    used_by: list[str] = field(default_factory=list)  # views and tables downstream
    suites: list[Suite] = field(default_factory=list)


def expectation_text(expectation: dict) -> str:
    """expect_column_values_to_be_between(published_date, min_value=1900-01-01, ...)"""
    kwargs = dict(expectation.get("kwargs", {}))
    column = kwargs.pop("column", None)
    args = [column] if column else []
    args += [f"{k}={v if not isinstance(v, list | dict) else json.dumps(v)}" for k, v in kwargs.items()]
    return f"{expectation['type']}({', '.join(str(a) for a in args)})"


def suites(expectations_dir: Path = EXPECTATIONS_DIR) -> dict[str, Suite]:
    """asset -> its suite, from expectations/<asset>/critical.json."""
    found = {}
    for path in sorted(expectations_dir.glob("*/critical.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        asset, stage = path.parent.name, spec.get("meta", {}).get("stage", "post_load")
        query = f"sql/checks/{asset}.sql" if stage == "post_load" else "the parsed batch, before the load"
        found[asset] = Suite(spec["name"], stage.replace("_", "-"), query, tuple(expectation_text(e) for e in spec["expectations"]))
    return found


def _names_in(path: Path, known: set[str]) -> list[str]:
    text = _SQL_COMMENT_RE.sub("", path.read_text(encoding="utf-8").lower())
    return sorted({w for w in _WORD_RE.findall(text) if w in known})


def read(con: duckdb.DuckDBPyConnection, *, sql_dir: Path = SQL_DIR, expectations_dir: Path = EXPECTATIONS_DIR) -> list[Entry]:
    """Every table and view of the warehouse ``con`` reads, tables first, by name."""
    entries = {
        name: Entry(name, kind, comment)
        for name, kind, comment, _ in con.execute((sql_dir / "docs" / "objects.sql").read_text(encoding="utf-8")).fetchall()
    }
    columns = con.execute((sql_dir / "docs" / "columns.sql").read_text(encoding="utf-8")).fetchall()
    for name, column, data_type, nullable, comment in columns:
        if name in entries:
            entries[name].columns.append(Column(column, data_type, nullable, comment))
    known = set(entries) | {n for n in ORIGINS if n.startswith("stg_")}
    for entry in entries.values():
        definition = sql_dir / ("views" if entry.kind == "view" else "load") / f"{entry.name}.sql"
        upstream = [n for n in _names_in(definition, known) if n != entry.name] if definition.is_file() else []
        if entry.name in ORIGINS:
            upstream.append(ORIGINS[entry.name])
        elif entry.name.startswith("seed_"):
            upstream.append(f"seeds/{entry.name.removeprefix('seed_')}.csv")
        entry.built_from = [f"{n}: {ORIGINS[n]}" if n.startswith("stg_") else n for n in upstream]
        for name in upstream:
            if name in entries:
                entries[name].used_by.append(entry.name)
    for asset, suite in suites(expectations_dir).items():
        if asset in entries:
            entries[asset].suites.append(suite)
        elif asset == "parsed_articles":
            for name in ("dim_article", "fact_article", "quarantine"):
                if name in entries:
                    entries[name].suites.append(suite)
        else:  # reconcile: counts across the manifest, the star schema and the views
            for name in ("file_manifest", "dim_article", "articles"):
                if name in entries:
                    entries[name].suites.append(suite)
    return sorted(entries.values(), key=lambda e: (e.kind != "table", e.name))


# --- formats ------------------------------------------------------------------------------------


def as_text(entries: Sequence[Entry], *, width: int | None = None) -> str:
    """``width``: the columns to fit; -1 the terminal's (render.output_width); None: no limit."""
    from dateline.render import output_width, table

    fit = None if width is None else (width if width != -1 else (output_width() or 0))
    fit = fit if fit and fit > 2 else None
    blocks = []
    for e in entries:
        lines = [f"{e.name} ({e.kind})"]
        lines += textwrap.wrap(e.comment or "(no comment)", width=fit if fit else 10**6, initial_indent="  ", subsequent_indent="  ")
        lines.append("")
        rows = [(c.name, c.data_type, "yes" if c.nullable else "no", c.comment or "") for c in e.columns]
        body = table(["column", "type", "null", "description"], rows, width=fit - 2 if fit else 10**6, wrap=True)
        lines += ["  " + line if line else line for line in body.splitlines()]
        lines.append("")
        for label, text in (("built from:", "; ".join(e.built_from)), ("used by:   ", ", ".join(sorted(e.used_by)))):
            lines += textwrap.wrap(
                f"{label} {text or '-'}", width=fit or 10**6, initial_indent="  ", subsequent_indent=" " * 14, break_on_hyphens=False
            )
        for suite in e.suites:
            lines.append(f"  tests:      {suite.name} ({suite.stage}, on {suite.query})")
            lines += [f"    {x}" for x in suite.expectations]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _md(text: str) -> str:
    """Text for a Markdown table cell: no pipe or newline ends it, no <word> becomes an HTML tag."""
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def as_markdown(entries: Sequence[Entry]) -> str:
    out = ["# Dateline data dictionary", ""]
    out += [f"- [`{e.name}`](#{e.name}) ({e.kind}): {_md(e.comment or '')}" for e in entries]
    for e in entries:
        out += ["", f"## {e.name}", "", f"*{e.kind}*. {_md(e.comment or '')}", ""]
        out += ["| column | type | null | description |", "|---|---|---|---|"]
        out += [f"| `{c.name}` | {c.data_type} | {'yes' if c.nullable else 'no'} | {_md(c.comment or '')} |" for c in e.columns]
        out += ["", f"**Built from:** {_md('; '.join(e.built_from) or '-')}", "", f"**Used by:** {', '.join(sorted(e.used_by)) or '-'}"]
        for suite in e.suites:
            out += ["", f"**Tests:** `{suite.name}` ({suite.stage}, on {suite.query})", ""]
            out += [f"- `{x}`" for x in suite.expectations]
    return "\n".join(out) + "\n"


_CSS = """body{font:15px/1.45 system-ui,sans-serif;margin:0;display:flex;color:#222}
nav{width:19em;flex:none;padding:1em;background:#f4f5f7;height:100vh;overflow:auto;position:sticky;top:0}
nav a{display:block;text-decoration:none;color:#0b5394;padding:1px 0;overflow-wrap:anywhere}nav small{color:#777}
main{padding:1em 2em;max-width:70em}h2{border-bottom:1px solid #ddd;margin-top:2em}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f4f5f7}code{background:#f4f5f7;padding:0 3px}.kind{color:#777;font-weight:normal;font-size:70%}"""


def as_html(entries: Sequence[Entry]) -> str:
    """One self-contained page (no script, no external asset): an index, then one section per object."""
    e_ = html.escape
    nav = "".join(f'<a href="#{e_(e.name)}">{e_(e.name)} <small>{e.kind}</small></a>' for e in entries)
    sections = []
    for e in entries:
        rows = "".join(
            f"<tr><td><code>{e_(c.name)}</code></td><td>{e_(c.data_type)}</td><td>{'yes' if c.nullable else 'no'}</td>"
            f"<td>{e_(c.comment or '')}</td></tr>"
            for c in e.columns
        )
        used_by = ", ".join(f'<a href="#{e_(n)}">{e_(n)}</a>' for n in sorted(e.used_by)) or "-"
        tests = "".join(
            f"<h3>Tests: <code>{e_(s.name)}</code> ({e_(s.stage)}, on {e_(s.query)})</h3><ul>"
            + "".join(f"<li><code>{e_(x)}</code></li>" for x in s.expectations) + "</ul>"
            for s in e.suites
        )
        sections.append(
            f'<section id="{e_(e.name)}"><h2>{e_(e.name)} <span class="kind">{e.kind}</span></h2><p>{e_(e.comment or "")}</p>'
            f"<table><tr><th>column</th><th>type</th><th>null</th><th>description</th></tr>{rows}</table>"
            f"<p><b>Built from:</b> {e_('; '.join(e.built_from) or '-')}</p><p><b>Used by:</b> {used_by}</p>{tests}</section>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Dateline data dictionary</title>'
        f"<style>{_CSS}</style></head><body><nav><b>Dateline data dictionary</b>{nav}</nav>"
        f"<main><h1>Dateline data dictionary</h1>{''.join(sections)}</main></body></html>\n"
    )


FORMATS = {"text": as_text, "markdown": as_markdown, "html": as_html}
