"""The written development set (tests/dev/written/) is consistent and rebuilt from its sources.

Standard library + pytest only, like test_gold_integrity.py: the dev set is
validated without importing the ``dateline`` package it is used to evaluate.
The checker and the builder run as real processes on a copy of the folder.
"""

from __future__ import annotations

import csv
import filecmp
import hashlib
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

WRITTEN = Path(__file__).resolve().parent / "dev" / "written"


def run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, check=False)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "written"
    shutil.copytree(WRITTEN, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_checker_passes_on_the_committed_set():
    result = run(WRITTEN / "check_gold.py")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("ok: ")


def test_the_csvs_and_articles_are_exactly_what_the_sources_build(copy: Path):
    result = run(copy / "build_gold.py")
    assert result.returncode == 0, result.stderr
    for name in ("stories.csv", "mentions.csv", "article_countries.csv"):
        assert filecmp.cmp(copy / name, WRITTEN / name, shallow=False), f"{name} differs from its sources"
    committed = sorted(p.name for p in (WRITTEN / "articles").iterdir())
    assert sorted(p.name for p in (copy / "articles").iterdir()) == committed
    for name in committed:
        assert filecmp.cmp(copy / "articles" / name, WRITTEN / "articles" / name, shallow=False), name


def test_every_kind_is_split_in_two_equal_halves_by_sha256_of_the_file_name():
    with open(WRITTEN / "stories.csv", newline="", encoding="utf-8") as f:
        stories = list(csv.DictReader(f))
    expected = {}
    for kind in {row["kind"] for row in stories}:
        names = sorted((r["file_name"] for r in stories if r["kind"] == kind),
                       key=lambda n: hashlib.sha256(n.encode("utf-8")).hexdigest())
        expected.update({name: ("tune", "holdout")[i % 2] for i, name in enumerate(names)})
    result = run(WRITTEN / "check_gold.py", "--split")
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert {r["file_name"]: r["half"] for r in rows} == expected
    per_kind = Counter((r["kind"], r["half"]) for r in rows)
    for kind in {r["kind"] for r in rows}:
        assert abs(per_kind[(kind, "tune")] - per_kind[(kind, "holdout")]) <= 1, kind


def test_checker_names_a_shifted_offset_and_an_unlisted_article(copy: Path):
    mentions = (copy / "mentions.csv").read_text(encoding="utf-8").splitlines()
    first = mentions[1].split(",")
    first[4], first[5] = str(int(first[4]) + 1), str(int(first[5]) + 1)
    mentions[1] = ",".join(first)
    (copy / "mentions.csv").write_text("\n".join(mentions) + "\n", encoding="utf-8")
    stray = copy / "articles" / "999_0000000000000000.txt"
    stray.write_text(" date 1997-01-01 A stray story\n", encoding="utf-8")

    result = run(copy / "check_gold.py")

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "999_0000000000000000.txt: article file not in stories.csv" in lines
    assert any(line.startswith(f"mentions.csv:2 {first[0]} {first[3]!r}: body[") for line in lines), lines
