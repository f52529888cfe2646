"""The extractor registry: every rule that proposes mentions, and how much it is trusted.

An extractor is a function of a :class:`Context` returning candidate mentions. It registers
itself with :func:`extractor`, naming the extractors whose candidates it reads
(``after``); :func:`run` calls them in that dependency order (ties by name), then keeps
the longest non-overlapping candidates (ties to the higher :class:`Priority`), then runs
the ``refer`` extractors, which read that first selection (later references to a name),
and selects again. Adding an entity type is one module that registers its extractors,
its seed file, and its value in the expectation suites.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from dateline.extract.gazetteer import Candidate, Doc, Gazetteer


class Priority(IntEnum):
    """How far a candidate is trusted when two spans of the same length compete."""

    SHAPE = 0  # by its shape alone: a lone acronym, "X province", "X, <known place>"
    SHAPE_WITH_HEAD = 2  # a shape with a head word ("Shan State"), a name before "said"
    LISTED_PLACE = 4  # a place of the gazetteer
    GIVEN_NAME = 4  # a run of name words starting with a known given name
    NAME_WITH_SUFFIX = 5  # capitalised words ending in a legal form or institution word
    LISTED_COUNTRY = 6  # a country or nationality of the gazetteer
    APPOSITION = 6  # a name followed by ", a lecturer of ..."
    LISTED = 8  # a listed organisation, an acronym the text defines, a short form
    TITLED = 8  # a name after a title: "General Mao Sophan"
    RESULTS_LINE = 9  # a name before a figure in a results line: "Dinamo Zagreb 3"
    REFERENCE = 10  # a later reference to a name of the document; a company before its ticker
    MARKED = 12  # marked up by the wire: "<Amoco Corp>"


@dataclass
class Context:
    """What extractors share for one document."""

    doc: Doc
    gaz: Gazetteer
    found: dict[str, list[Candidate]] = field(default_factory=dict)  # per extractor
    shared: dict[str, object] = field(default_factory=dict)  # facts one extractor leaves for another
    chosen: list[Candidate] = field(default_factory=list)  # the first selection (refer phase)

    def candidates(self, names: Iterable[str]) -> list[Candidate]:
        return [c for name in names for c in self.found.get(name, ())]


Find = Callable[[Context], list[Candidate]]


@dataclass(frozen=True)
class Extractor:
    name: str
    find: Find
    after: tuple[str, ...]
    phase: str  # "find" or "refer"


REGISTRY: dict[str, Extractor] = {}


def extractor(name: str, *, after: Iterable[str] = (), phase: str = "find") -> Callable[[Find], Find]:
    """Register ``find`` under ``name``, run after the extractors in ``after``."""
    if phase not in ("find", "refer"):
        raise ValueError(f"unknown phase {phase!r}")

    def wrap(find: Find) -> Find:
        REGISTRY[name] = Extractor(name, find, tuple(after), phase)
        return find

    return wrap


def ordered(phase: str) -> list[Extractor]:
    """The extractors of ``phase`` in dependency order, ties by name."""
    pending = {n: e for n, e in REGISTRY.items() if e.phase == phase}
    done: set[str] = {n for n, e in REGISTRY.items() if e.phase != phase}
    out: list[Extractor] = []
    while pending:
        ready = sorted(n for n, e in pending.items() if all(a in done for a in e.after))
        if not ready:
            raise ValueError(f"extractors depend on each other or on unknown names: {sorted(pending)}")
        name = ready[0]
        out.append(pending.pop(name))
        done.add(name)
    return out


def select(doc: Doc, candidates: list[Candidate], type_order: dict[str, int]) -> list[Candidate]:
    """The longest candidates that do not overlap; equal lengths go to the higher priority,
    then the earlier start, then the type order."""

    def rank(c: Candidate):
        a, b = span(doc, c)
        return (-(b - a), -c.priority, a, type_order.get(c.entity_type, 99), c.name)

    taken = bytearray(len(doc.words))
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=rank):
        if c.j <= c.i:
            continue
        if any(taken[k] for k in range(c.i, c.j)):
            continue
        for k in range(c.i, c.j):
            taken[k] = 1
        chosen.append(c)
    chosen.sort(key=lambda c: span(doc, c))
    return chosen


def span(doc: Doc, c: Candidate) -> tuple[int, int]:
    if c.char_start >= 0:
        return c.char_start, c.char_end
    return doc.starts[c.i], doc.ends[c.j - 1]


def run(doc: Doc, gaz: Gazetteer, type_order: dict[str, int]) -> list[Candidate]:
    """Every registered extractor over ``doc``: the chosen candidates, by position."""
    ctx = Context(doc, gaz)
    for e in ordered("find"):
        ctx.found[e.name] = e.find(ctx)
    first = ctx.candidates(ctx.found)
    ctx.chosen = select(doc, first, type_order)
    more: list[Candidate] = []
    for e in ordered("refer"):
        ctx.found[e.name] = e.find(ctx)
        more += ctx.found[e.name]
    return select(doc, first + more, type_order) if more else ctx.chosen
