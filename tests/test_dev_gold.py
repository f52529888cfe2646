"""The Reuters development set (tests/dev/reuters) and its checker, tests/dev/check_gold.py.

Standard library + pytest only, like test_gold_integrity.py: the gold data is
checked without importing the code it measures.
"""

from __future__ import annotations

import csv
import importlib.util
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "dev"
CHECKER = DEV / "check_gold.py"
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578" / "articles"

pytestmark = pytest.mark.skipif(not REUTERS.is_dir(), reason=f"Reuters corpus not at {REUTERS}")


def _checker():
    spec = importlib.util.spec_from_file_location("check_gold", CHECKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_reuters_dev_set_passes_the_checker():
    assert _checker().check(DEV / "reuters", REUTERS) == []


def test_reuters_dev_set_sizes():
    stories = _rows(DEV / "reuters" / "stories.csv")
    mentions = _rows(DEV / "reuters" / "mentions.csv")
    assert Counter(s["kind"] for s in stories) == {"markets": 23, "company": 25, "politics": 26, "other": 8}
    assert Counter(m["entity_type"] for m in mentions) == {
        "organization": 746,
        "country": 367,
        "person": 290,
        "location": 167,
        "nationality": 125,
    }


def test_checker_command_line_reports_ok():
    out = subprocess.run([sys.executable, str(CHECKER), "--corpus", str(REUTERS)], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout
    assert out.stdout == f"{DEV / 'reuters'}: 82 stories, 1695 mentions, 0 problems: ok\n"


def _write(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_checker_reports_each_kind_of_mistake(tmp_path):
    shutil.copytree(DEV / "reuters", tmp_path / "set")
    root = tmp_path / "set"
    columns = _checker().MENTION_COLS
    mentions = _rows(root / "mentions.csv")
    first = "00309_2e02c4834b0be94f.txt"
    i = next(n for n, m in enumerate(mentions) if m["file_name"] == first)
    assert [m["surface"] for m in mentions[i : i + 3]] == ["S. AFRICAN", "South Africa", "National Union of Mineworkers"]
    a, b = int(mentions[i]["char_start"]), int(mentions[i]["char_end"])
    mentions[i]["char_start"] = str(a + 1)  # offset off by one
    mentions[i + 1]["country_iso3"] = ""  # a country without its code
    mentions[i + 2]["entity_type"] = "org"  # unknown type
    start = int(mentions[i + 2]["char_start"])
    overlap = dict(mentions[i + 2], entity_type="organization", surface="National", char_end=str(start + 8))
    mentions.insert(i + 3, overlap)  # starts inside the previous span
    _write(root / "mentions.csv", mentions, columns)
    countries = [r for r in _rows(root / "article_countries.csv") if r["file_name"] != first]
    _write(root / "article_countries.csv", countries, ["file_name", "country_iso3", "rank"])

    problems = _checker().check(root, REUTERS)

    assert problems == [
        f"mentions.csv:{i + 2}: {first} 'S. AFRICAN': body[{a + 1}:{b}] is '. AFRICAN'",
        f"mentions.csv:{i + 3}: {first} 'South Africa': country without country_iso3",
        f"mentions.csv:{i + 4}: {first} 'National Union of Mineworkers': unknown type 'org'",
        f"mentions.csv:{i + 5}: {first} 'National': overlaps the previous span",
        f"article_countries.csv: {first}: ranks None are not 1..n",
    ]
    out = subprocess.run([sys.executable, str(CHECKER), str(root), "--corpus", str(REUTERS)], capture_output=True, text=True, check=False)
    assert out.returncode == 1
    assert out.stdout.splitlines()[-1] == f"{root}: 82 stories, 1696 mentions, 5 problems: FAILED"
