"""The analyst's connection of `dateline sql`: read-only, and unable to touch anything else.

The snapshot (or with ``--live`` the warehouse) is opened read-only, then, before any SQL of the
user runs, DuckDB's own controls close every other door: no file system access
(``enable_external_access=false``: no ATTACH of the warehouse, no COPY TO, no read_text or
read_csv of other files), no extension installed or loaded, and ``lock_configuration=true`` so
the query cannot turn any of it back on. ``--allow-files DIR`` opens one folder (and what is below
it) for COPY … TO and for reading files there.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from dateline import warehouse

LOCKED_DOWN = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class NoStatement(ValueError):
    """The SQL text is empty, or only comments and semicolons."""


def open_analyst(path: Path, *, allow_files: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to ``path`` that can read nothing but it (and ``allow_files``)."""
    con = warehouse.connect(path, read_only=True, config=LOCKED_DOWN)
    try:
        folders = [str(allow_files.resolve()) + "/"] if allow_files is not None else []
        con.execute("set allowed_directories = ?", [folders])
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def run(con: duckdb.DuckDBPyConnection, text: str, variables: Sequence[tuple[str, object]] = ()) -> tuple[list[str], list[tuple]]:
    """Run the SQL ``text`` (one or more statements) and return the last one's columns and rows.

    Raises NoStatement for a text with no statement, duckdb.Error when DuckDB refuses it.
    """
    if not con.extract_statements(text):
        raise NoStatement("the SQL text holds no statement")
    for name, value in variables:
        con.execute(f"set variable {name} = ?", [value])  # name checked by the CLI: [A-Za-z_][A-Za-z0-9_]*
    cursor = con.execute(text)
    columns = [d[0] for d in (cursor.description or [])] if cursor is not None else []
    rows = cursor.fetchall() if columns else []
    return columns, rows


def error_line(exc: duckdb.Error) -> str:
    """DuckDB's message on one line (its first: the caret lines that follow point into the query)."""
    lines = str(exc).splitlines()
    return lines[0] if lines else type(exc).__name__
