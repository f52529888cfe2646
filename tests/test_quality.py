"""The quality command: the dev-set split, span scoring, and the printed report."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline import quality
from dateline.quality import prf, score_spans, split_halves


def test_split_alternates_within_each_kind_in_sha256_order() -> None:
    # sha256 prefixes: a 18b7, b ffa0, c 4fe0, d fc8f, e cd9c
    stories = [("a.txt", "sports"), ("b.txt", "sports"), ("c.txt", "sports"),
               ("d.txt", "market"), ("e.txt", "market")]
    assert split_halves(stories) == {"a.txt": "tune", "c.txt": "holdout", "b.txt": "tune",
                                     "e.txt": "tune", "d.txt": "holdout"}


def test_split_does_not_depend_on_input_order() -> None:
    stories = [(f"{n:05d}.txt", "k") for n in range(40)]
    assert split_halves(stories) == split_halves(list(reversed(stories)))
    halves = list(split_halves(stories).values())
    assert halves.count("tune") == halves.count("holdout") == 20


def test_exact_and_overlap_scores_count_spans_one_to_one() -> None:
    gold = [(0, 10, "organization"), (20, 25, "person"), (30, 35, "person")]
    pred = [(0, 12, "organization"), (20, 25, "person"), (40, 45, "person")]
    exact, overlap = score_spans(gold, pred)
    assert (exact.tp["person"], exact.fp["person"], exact.fn["person"]) == (1, 1, 1)
    assert (exact.tp["organization"], exact.fp["organization"], exact.fn["organization"]) == (0, 1, 1)
    assert (overlap.tp["organization"], overlap.fp["organization"]) == (1, 0)
    assert (exact.tp["micro"], exact.fp["micro"], exact.fn["micro"]) == (1, 2, 2)
    assert prf(1, 2, 2) == pytest.approx((1 / 3, 1 / 3, 1 / 3))


def test_errors_refuse_the_holdout_half() -> None:
    with pytest.raises(ValueError, match="only reported in aggregate"):
        quality.errors(quality.GoldSet("holdout", []))


def test_dev_set_from_written_articles(tmp_path: Path) -> None:
    written = tmp_path / "written"
    (written / "articles").mkdir(parents=True)
    body = "Northfield 2 Port Ellis 1"
    (written / "articles" / "a.txt").write_text(" date 2024-01-01 " + body + "\n", encoding="utf-8")
    (written / "stories.csv").write_text("file_name,kind\na.txt,sports\n", encoding="utf-8")
    (written / "mentions.csv").write_text(
        "file_name,entity_type,entity_name,surface,char_start,char_end,country_iso3,role\n"
        "a.txt,organization,Northfield,Northfield,0,10,,\n"
        "a.txt,organization,Port Ellis,Port Ellis,13,23,,\n", encoding="utf-8")
    (written / "article_countries.csv").write_text("file_name,country_iso3,rank\n", encoding="utf-8")
    tune, holdout = quality.dev_sets(tmp_path, tmp_path / "no-reuters")
    assert [s.file_name for s in tune.stories] == ["a.txt"] and holdout.stories == []
    assert [(r["surface"]) for r in tune.stories[0].mentions] == ["Northfield", "Port Ellis"]
    assert quality.read_body(tune.stories[0].path) == body


def test_quality_prints_every_measure_for_the_samples(capsys: pytest.CaptureFixture[str]) -> None:
    assert quality.main(["--no-speed"]) == 0
    out = capsys.readouterr().out
    assert "== samples: 28 articles" in out
    lines = {line.split()[0] for line in out.splitlines() if line and not line.startswith(("==", " "))}
    assert {"person", "organization", "location", "country", "place", "micro", "countries"} <= lines


def test_without_the_reuters_corpus_the_written_stories_are_still_scored(tmp_path: Path) -> None:
    (tmp_path / "reuters").mkdir()
    (tmp_path / "reuters" / "stories.csv").write_text("file_name,kind\n00001_x.txt,markets\n", encoding="utf-8")
    tune, holdout = quality.dev_sets(tmp_path, tmp_path / "absent")
    assert (tune.stories, holdout.stories) == ([], [])
    assert tune.note == f"reuters: 1 stories skipped, {tmp_path / 'absent'} absent"
