"""The pieces of `make bench`: the scale corpus generator and the peer floor."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import duckdb

from conftest import PROJECT, SEEDS
from dateline.bench_corpus import copy_name, generate
from dateline.bench_floor import main as floor


def test_every_copy_of_the_scale_corpus_is_a_new_article_with_its_own_sha256(tmp_path) -> None:
    source = sorted(SEEDS.glob("*.txt"))[:3]
    folder = tmp_path / "source"
    folder.mkdir()
    for path in source:
        (folder / path.name).write_bytes(path.read_bytes())
    assert generate(folder, tmp_path / "x3", copies=3) == 9
    files = sorted((tmp_path / "x3").rglob("*.txt"))
    assert len(files) == 9
    assert len({f.name for f in files}) == 9
    assert len({hashlib.sha256(f.read_bytes()).hexdigest() for f in files}) == 9
    assert sorted({f.parent.relative_to(tmp_path / "x3").as_posix() for f in files}) == ["copy00/00", "copy01/00", "copy02/00"]
    first = source[0]
    assert (tmp_path / "x3" / "copy00" / "00" / first.name).read_bytes() == first.read_bytes()
    copied = (tmp_path / "x3" / "copy02" / "00" / copy_name(first.name, 2)).read_text(encoding="utf-8")
    assert copied.endswith("\n\n(Copy 2 of this story, made for the scale benchmark.)\n")
    assert copy_name("00042_57f72c79f7ca9ab1.txt", 3) == "300042_57f72c79f7ca9ab1.txt"


def test_the_scale_corpus_is_never_written_into_the_repository() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dateline.bench_corpus", "--source", str(SEEDS), "--out", str(PROJECT / "data" / "x10")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith(f"{PROJECT / 'data' / 'x10'} is inside the repository; write the corpus elsewhere")
    assert not (PROJECT / "data" / "x10").exists()


def test_the_peer_floor_loads_every_sample_article_with_its_date(tmp_path, capsys) -> None:
    warehouse = tmp_path / "floor.duckdb"
    assert floor(["--inbox", str(SEEDS), "--warehouse", str(warehouse)]) == 0
    assert capsys.readouterr().out.startswith("28 articles loaded in ")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute(
            "select count(*), min(published_date)::varchar, max(published_date)::varchar from article"
        ).fetchall() == [(28, "2024-02-05", "2024-03-28")]  # as in the view articles of the seeded warehouse
    finally:
        con.close()
