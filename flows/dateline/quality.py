"""Extraction quality against the gold annotations: ``python -m dateline.quality``.

Three gold sets are scored:

- ``samples``: the 28 sample articles (``seeds/articles`` + ``tests/gold``);
- ``tune`` and ``holdout``: the two halves of the development set (``tests/dev/*``: real
  Reuters stories, whose text stays in ``../shared/corpora/reuters21578/articles``, and
  paragraphs written in the style of results lines and standings). Within each ``kind`` of
  story, files ordered by the SHA-256 of their name alternate: 1st, 3rd, ... ``tune``;
  2nd, 4th, ... ``holdout``. Rules are tuned on ``tune`` only; ``holdout`` is only ever
  printed in aggregate.

For each set: precision, recall and F1 per entity type, exact (same span, same type) and
overlap (spans share a character, same type, one-to-one), micro over persons,
organisations and locations (countries and places counted as one type, ``location``), and
the countries each story is about (``article_countries`` against the gold set). Then the
extraction time per article on the whole Reuters corpus when it is present.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
REUTERS = SHARED / "corpora" / "reuters21578" / "articles"
SAMPLES_GOLD = ROOT / "tests" / "gold"
SAMPLES_ARTICLES = ROOT / "seeds" / "articles"
DEV = ROOT / "tests" / "dev"

HALVES = ("tune", "holdout")
TYPES = ("person", "organization", "location", "country", "place", "nationality")
MICRO = ("person", "organization", "location")


def read_body(path: Path) -> str:
    """The text gold offsets index into (tests/gold/README.md): UTF-8 without BOM, LF line
    ends, without the 17-character ``" date YYYY-MM-DD "`` header, right-stripped."""
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")[17:].rstrip()


def split_halves(stories: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{file_name: "tune" | "holdout"} for (file_name, kind) pairs: within each kind, files
    ordered by the SHA-256 hex of their name; the 1st, 3rd, 5th ... are ``tune``."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for name, kind in stories:
        by_kind[kind].append(name)
    out: dict[str, str] = {}
    for names in by_kind.values():
        ordered = sorted(set(names), key=lambda n: hashlib.sha256(n.encode("utf-8")).hexdigest())
        for index, name in enumerate(ordered):
            out[name] = HALVES[index % 2]
    return out


@dataclass
class Story:
    file_name: str
    path: Path
    mentions: list[dict[str, str]] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)


@dataclass
class GoldSet:
    name: str
    stories: list[Story]
    note: str = ""


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "") for k, v in row.items()} for row in csv.DictReader(handle)]


def _stories(names: Iterable[str], folder: Path, gold: Path) -> dict[str, Story]:
    stories = {n: Story(n, folder / n) for n in names}
    for row in _rows(gold / "mentions.csv"):
        if row["file_name"] in stories:
            stories[row["file_name"]].mentions.append(row)
    for row in _rows(gold / "article_countries.csv"):
        if row["file_name"] in stories:
            stories[row["file_name"]].countries.add(row["country_iso3"])
    return stories


def samples_set() -> GoldSet:
    names = sorted({r["file_name"] for r in _rows(SAMPLES_GOLD / "mentions.csv")}
                   | {r["file_name"] for r in _rows(SAMPLES_GOLD / "article_countries.csv")})
    names = [n for n in names if (SAMPLES_ARTICLES / n).exists()]
    return GoldSet("samples", list(_stories(names, SAMPLES_ARTICLES, SAMPLES_GOLD).values()))


def dev_sets(dev: Path = DEV, reuters: Path = REUTERS) -> list[GoldSet]:
    """The ``tune`` and ``holdout`` halves of the development set (possibly empty)."""
    halves: dict[str, list[Story]] = {h: [] for h in HALVES}
    notes = []
    for source, folder in (("reuters", reuters), ("written", dev / "written" / "articles")):
        gold = dev / source
        stories = [(r["file_name"], r["kind"]) for r in _rows(gold / "stories.csv")]
        if not stories:
            continue
        if not folder.is_dir():
            notes.append(f"{source}: {len(stories)} stories skipped, {folder} absent")
            continue
        split = split_halves(stories)
        for story in _stories(sorted(split), folder, gold).values():
            if story.path.exists():
                halves[split[story.file_name]].append(story)
    return [GoldSet(h, halves[h], "; ".join(notes)) for h in HALVES]


# ---------------------------------------------------------------- scoring

def _kinds(etype: str) -> tuple[str, ...]:
    """The measures a mention of ``etype`` counts towards."""
    if etype == "country":
        return ("country", "location")
    if etype == "location":
        return ("place", "location")
    return (etype,)


@dataclass
class Counts:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, other: Counts) -> None:
        for mine, theirs in ((self.tp, other.tp), (self.fp, other.fp), (self.fn, other.fn)):
            mine.update(theirs)

    def prf(self, key: str) -> tuple[float, float, float]:
        return prf(self.tp[key], self.fp[key], self.fn[key])


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


Span = tuple[int, int, str]  # start, end, measure


def score_spans(gold: Sequence[Span], pred: Sequence[Span]) -> tuple[Counts, Counts]:
    """(exact, overlap) counts per measure, with micro totals under ``"micro"``."""
    exact, overlap = Counts(), Counts()
    for key in {s[2] for s in gold} | {s[2] for s in pred}:
        g = sorted((a, b) for a, b, k in gold if k == key)
        p = sorted((a, b) for a, b, k in pred if k == key)
        hit = len(set(g) & set(p))
        exact.tp[key] += hit
        exact.fp[key] += len(p) - hit
        exact.fn[key] += len(g) - hit
        # one-to-one overlap matching, greedy left to right over sorted spans
        used = [False] * len(g)
        matched = 0
        for a, b in p:
            for index, (c, d) in enumerate(g):
                if not used[index] and a < d and c < b:
                    used[index] = True
                    matched += 1
                    break
        overlap.tp[key] += matched
        overlap.fp[key] += len(p) - matched
        overlap.fn[key] += len(g) - matched
    for counts in (exact, overlap):
        for name in ("tp", "fp", "fn"):
            c = getattr(counts, name)
            c["micro"] = sum(c[k] for k in MICRO)
    return exact, overlap


@dataclass
class Report:
    name: str
    articles: int
    exact: Counts
    overlap: Counts
    countries: tuple[int, int, int]  # tp, fp, fn
    misaligned: int = 0  # gold rows whose offsets do not give their surface


def evaluate(gold_set: GoldSet, extract=None, countries_of=None) -> Report:
    from dateline.extract.entities import article_countries, extract_entities

    extract = extract or extract_entities
    countries_of = countries_of or article_countries
    exact, overlap = Counts(), Counts()
    ctp = cfp = cfn = misaligned = 0
    for story in gold_set.stories:
        body = read_body(story.path)
        mentions = extract(body)
        misaligned += sum(body[int(r["char_start"]):int(r["char_end"])] != r["surface"] for r in story.mentions)
        gold = [(int(r["char_start"]), int(r["char_end"]), k)
                for r in story.mentions for k in _kinds(r["entity_type"])]
        pred = [(m.char_start, m.char_end, k) for m in mentions for k in _kinds(m.entity_type)]
        e, o = score_spans(gold, pred)
        exact.add(e)
        overlap.add(o)
        found = set(countries_of(mentions, body))
        ctp += len(found & story.countries)
        cfp += len(found - story.countries)
        cfn += len(story.countries - found)
    return Report(gold_set.name, len(gold_set.stories), exact, overlap, (ctp, cfp, cfn), misaligned)


def format_report(report: Report) -> str:
    lines = [f"== {report.name}: {report.articles} articles"]
    if not report.articles:
        return lines[0] + " (none)"
    lines.append(f"{'measure':<14}{'exact P':>9}{'R':>7}{'F1':>7}{'overlap P':>11}{'R':>7}{'F1':>7}{'gold':>6}")
    for key in (*TYPES, "micro"):
        gold = report.exact.tp[key] + report.exact.fn[key]
        pred = report.exact.tp[key] + report.exact.fp[key]
        if not gold and not pred:
            continue
        ep, er, ef = report.exact.prf(key)
        op, orr, of = report.overlap.prf(key)
        lines.append(f"{key:<14}{ep:>9.3f}{er:>7.3f}{ef:>7.3f}{op:>11.3f}{orr:>7.3f}{of:>7.3f}{gold:>6}")
    p, r, f = prf(*report.countries)
    lines.append(f"{'countries':<14}{p:>9.3f}{r:>7.3f}{f:>7.3f}{'':>11}{'':>7}{'':>7}"
                 f"{report.countries[0] + report.countries[2]:>6}")
    if report.misaligned:
        lines.append(f"({report.misaligned} gold rows whose offsets do not give their surface)")
    return "\n".join(lines)


def errors(gold_set: GoldSet) -> list[str]:
    """Per-story differences, for tuning. Refuses the holdout half."""
    if gold_set.name == "holdout":
        raise ValueError("the holdout half is only reported in aggregate")
    from dateline.extract.entities import article_countries, extract_entities

    out = []
    for story in gold_set.stories:
        body = read_body(story.path)
        mentions = extract_entities(body)
        gold = {(int(r["char_start"]), int(r["char_end"]), _kinds(r["entity_type"])[-1])
                for r in story.mentions}
        pred = {(m.char_start, m.char_end, _kinds(m.entity_type)[-1]) for m in mentions}
        for a, b, k in sorted(pred - gold):
            out.append(f"{story.file_name}\tFP\t{k}\t{body[a:b]!r}\t{a}")
        for a, b, k in sorted(gold - pred):
            out.append(f"{story.file_name}\tFN\t{k}\t{body[a:b]!r}\t{a}")
        found = article_countries(mentions, body)
        if set(found) != story.countries:
            out.append(f"{story.file_name}\tCOUNTRIES\tgot {found} want {sorted(story.countries)}")
    return out


def speed(corpus: Path = REUTERS) -> tuple[int, float, float] | None:
    """(articles, CPU ms per article, wall-clock ms per article) for entity extraction over the
    corpus, bodies read first. CPU time is the figure to compare on a shared machine."""
    if not corpus.is_dir():
        return None
    from dateline.extract.entities import extract_entities
    from dateline.extract.gazetteer import load_gazetteer

    bodies = [read_body(p) for p in sorted(corpus.iterdir()) if p.suffix == ".txt"]
    gaz = load_gazetteer()
    started, cpu = time.perf_counter(), time.process_time()
    for body in bodies:
        extract_entities(body, gazetteer=gaz)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    n = max(1, len(bodies))
    return len(bodies), 1000 * cpu / n, 1000 * elapsed / n


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dateline quality", description=__doc__.splitlines()[0])
    parser.add_argument("--no-speed", action="store_true", help="skip the timing over the Reuters corpus")
    parser.add_argument("--errors", choices=("samples", "tune"),
                        help="also list each story's wrong and missed spans (never the holdout half)")
    args = parser.parse_args(argv)
    sets = [samples_set(), *dev_sets()]  # the Reuters stories are skipped, with a note, without ../shared
    for gold_set in sets:
        print(format_report(evaluate(gold_set)))
        if gold_set.note:
            print(f"   ({gold_set.note})")
        if args.errors == gold_set.name:
            print("\n".join(errors(gold_set)))
    if not args.no_speed:
        measured = speed()
        if measured is None:
            print("Reuters corpus absent: speed skipped")
        else:
            n, cpu, wall = measured
            print(f"== speed: {cpu:.3f} ms CPU ({wall:.3f} ms wall clock) per article over {n} Reuters articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
