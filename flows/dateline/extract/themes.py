"""GDELT-style theme tagging: count taxonomy keyword hits per theme code.

Keywords in ``seeds/themes.csv`` are lowercase words or phrases matched
case-insensitively on word boundaries. A space in a keyword matches any run
of whitespace and hyphens ("cross border" hits "cross-border"); a trailing
``*`` matches any word ending ("terror*" hits "terrorism", "terrorists"). All
keywords are compiled into one trie-shaped regex; at each position the
longest keyword wins and hits never overlap. A keyword listed under several
themes counts once for each of them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dateline.settings import SEEDS_DIR as DEFAULT_SEEDS_DIR

THEMES_VERSION = "themes-1"
THEMES_FILE = "themes.csv"
COLUMNS = ("theme", "label", "category", "keyword")
THEME_CODE_RE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
KEYWORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*(?: [a-z0-9]+(?:'[a-z0-9]+)*)*\*?")

TICKER_RE = re.compile(r"<[^<>\s]{1,16}>")
_SEP = " "
_SEP_RE = r"[\s\-]+"
_END = ""
_WILD = "*"


@dataclass(frozen=True, slots=True)
class Theme:
    """One theme of the taxonomy."""

    code: str
    label: str
    category: str
    keywords: tuple[str, ...] = ()


def _build_regex(keywords: list[str]) -> tuple[re.Pattern[str], list[str]]:
    """Compile keywords into one trie regex; return it and the keyword of each group."""
    trie: dict = {}
    for keyword in keywords:
        node = trie
        wild = keyword.endswith(_WILD)
        for unit in keyword[:-1] if wild else keyword:
            node = node.setdefault(unit, {})
        node[_WILD if wild else _END] = keyword
    group_keywords: list[str] = [""]

    def emit(node: dict) -> str:
        alternatives: list[str] = []
        for unit in sorted(u for u in node if u not in (_END, _WILD)):
            head = _SEP_RE if unit == _SEP else re.escape(unit)
            alternatives.append(head + emit(node[unit]))
        for terminal, suffix in ((_WILD, r"\w*\b()"), (_END, r"\b()")):
            if terminal in node:
                group_keywords.append(node[terminal])
                alternatives.append(suffix)
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    pattern = r"\b" + emit(trie) if trie else r"(?!)"
    return re.compile(pattern), group_keywords


class ThemeMatcher:
    """Counts keyword hits per theme in article bodies."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        heads: dict[str, tuple[str, str]] = {}
        theme_keywords: dict[str, list[str]] = {}
        keyword_themes: dict[str, list[str]] = {}
        for row in rows:
            code, keyword = row["theme"], row["keyword"]
            heads.setdefault(code, (row["label"], row["category"]))
            theme_keywords.setdefault(code, []).append(keyword)
            keyword_themes.setdefault(keyword, []).append(code)
        self.themes: dict[str, Theme] = {
            code: Theme(code, *heads[code], tuple(theme_keywords[code])) for code in sorted(heads)
        }
        self.keyword_count = len(rows)
        self._regex, group_keywords = _build_regex(sorted(keyword_themes))
        self._group_themes: list[tuple[str, ...]] = [
            tuple(keyword_themes.get(k, ())) for k in group_keywords
        ]

    def count(self, body: str) -> dict[str, int]:
        """Return theme code -> keyword hits in ``body``, only themes with hits, sorted by code."""
        counts: dict[str, int] = {}
        group_themes = self._group_themes
        text = TICKER_RE.sub(" ", body).lower().replace("\u2019", "'")
        for match in self._regex.finditer(text):
            for code in group_themes[match.lastindex or 0]:
                counts[code] = counts.get(code, 0) + 1
        return dict(sorted(counts.items()))


def read_theme_rows(path: Path) -> list[dict[str, str]]:
    """Read and validate ``themes.csv``; raise ``ValueError`` on a malformed row."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: header must be {','.join(COLUMNS)}")
        rows = [dict(row) for row in reader]
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(rows, start=2):
        if not THEME_CODE_RE.fullmatch(row["theme"] or ""):
            raise ValueError(f"{path}:{line}: bad theme code {row['theme']!r}")
        if not KEYWORD_RE.fullmatch(row["keyword"] or ""):
            raise ValueError(f"{path}:{line}: bad keyword {row['keyword']!r}")
        if not row["label"] or not row["category"]:
            raise ValueError(f"{path}:{line}: empty label or category")
        if (row["theme"], row["keyword"]) in seen:
            raise ValueError(f"{path}:{line}: duplicate {row['theme']},{row['keyword']}")
        seen.add((row["theme"], row["keyword"]))
    return rows


@lru_cache(maxsize=8)
def _load(seeds_dir: Path, size: int, mtime_ns: int) -> ThemeMatcher:
    return ThemeMatcher(read_theme_rows(seeds_dir / THEMES_FILE))


def load_themes(seeds_dir: Path | None = None) -> ThemeMatcher:
    """Load the taxonomy from ``seeds_dir/themes.csv`` (default: the repo's seeds), cached per
    path and version of the file (an edited taxonomy is picked up by the next run)."""
    folder = Path(DEFAULT_SEEDS_DIR if seeds_dir is None else seeds_dir).resolve()
    st = (folder / THEMES_FILE).stat()
    return _load(folder, st.st_size, st.st_mtime_ns)
