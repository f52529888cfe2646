"""Build the written dev set from its marked-up sources (standard library only).

Each ``source/NNN.txt`` holds a header (``key: value`` lines up to a blank
line) and then the story, paragraphs separated by blank lines, with every
entity mention marked as ``[[surface|SPEC]]``. SPEC is a type letter
(p person, o organization, l location, c country, n nationality), then
optionally ``=entity name``, ``@ISO3`` and ``~role``, in that order.

Within one story every mention of the same surface and type (ignoring case)
inherits the name and ISO3 of the first one that gives them; a person
name whose words run inside a longer full name in the story gets that full
name ("Dvorsky", "Le Pensec"); an all-caps surface without a name is title-cased (except organisations of up to
four letters: acronyms); a person's role is
repeated on all of that person's rows. Countries and nationalities take their
name and ISO3 from the tables below unless given.

Writes articles/, stories.csv, mentions.csv and article_countries.csv, and
stores a new source's file id (first 16 hex of the sha256 of the article
text) in its header so that the file name never changes afterwards.

    python tests/dev/written/build_gold.py
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check_gold import COUNTRIES, NATIONALITIES  # noqa: E402

TYPES = {"p": "person", "o": "organization", "l": "location", "c": "country", "n": "nationality"}
MARK = re.compile(r"\[\[([^|\]]+)\|([^\]]+)\]\]")
SPEC = re.compile(r"^([polcn])(?:=([^@~]+))?(?:@([A-Z]{3})?)?(?:~(.+))?$")
COUNTRY_BY_NAME = {name: iso for iso, name in COUNTRIES.items()}
ALIASES = {"U.S.": "USA", "US": "USA", "America": "USA", "Britain": "GBR", "UK": "GBR",
           "U.K.": "GBR", "Korea": "KOR", "Holland": "NLD", "Czech Republic": "CZE"}


def read_source(path: Path) -> tuple[dict[str, str], str, list[str]]:
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    header = dict(line.split(": ", 1) for line in head.splitlines())
    return header, body.strip(), head.splitlines()


def lookup(table: dict[str, str], surface: str) -> str | None:
    return table.get(surface) or table.get(surface.title()) or table.get(surface.title().replace("U.s.", "U.S."))


def resolve(story: str) -> tuple[str, list[dict[str, str]]]:
    plain: list[str] = []
    pos = 0
    marks: list[dict[str, str]] = []
    for match in MARK.finditer(story):
        plain.append(story[pos:match.start()])
        start = sum(len(p) for p in plain)
        surface, spec = match.group(1), match.group(2)
        plain.append(surface)
        pos = match.end()
        parsed = SPEC.match(spec)
        if not parsed:
            raise SystemExit(f"bad spec {spec!r} for {surface!r}")
        code, name, iso, role = parsed.groups()
        marks.append({"entity_type": TYPES[code], "entity_name": name or "", "surface": surface,
                      "char_start": str(start), "char_end": str(start + len(surface)),
                      "country_iso3": iso or "", "role": role or ""})
    plain.append(story[pos:])
    # per surface and type (ignoring case): the first name given, the first ISO3 given,
    # and the first mixed-case spelling
    names: dict[tuple[str, str], str] = {}
    isos: dict[tuple[str, str], str] = {}
    spellings: dict[tuple[str, str], str] = {}
    for mark in marks:
        key = (mark["surface"].lower(), mark["entity_type"])
        if mark["entity_name"]:
            names.setdefault(key, mark["entity_name"])
        if mark["country_iso3"]:
            isos.setdefault(key, mark["country_iso3"])
        if not mark["surface"].isupper():
            spellings.setdefault(key, mark["surface"])
    full_names = [m["entity_name"] or m["surface"] for m in marks
                  if m["entity_type"] == "person" and len((m["entity_name"] or m["surface"]).split()) > 1]
    for mark in marks:
        etype, surface = mark["entity_type"], mark["surface"]
        key = (surface.lower(), etype)
        mark["country_iso3"] = mark["country_iso3"] or isos.get(key, "")
        if etype not in ("country", "nationality"):
            mark["entity_name"] = mark["entity_name"] or names.get(key, "")
        if etype == "person" and not mark["entity_name"]:
            words = surface.lower().split()
            for full in full_names:
                lowered = full.lower().split()
                if any(lowered[i:i + len(words)] == words for i in range(len(lowered))):
                    mark["entity_name"] = full
                    break
        if etype == "country" and not mark["country_iso3"]:
            mark["country_iso3"] = lookup(COUNTRY_BY_NAME, surface) or lookup(ALIASES, surface) or ""
        if etype == "nationality" and not mark["country_iso3"]:
            mark["country_iso3"] = lookup(NATIONALITIES, surface) or ""
        if etype in ("country", "nationality"):
            if not mark["country_iso3"]:
                raise SystemExit(f"no ISO3 for {surface!r}")
            mark["entity_name"] = mark["entity_name"] or COUNTRIES[mark["country_iso3"]]
        if not mark["entity_name"]:
            spelling = spellings.get(key)
            if spelling is None:
                acronym = etype == "organization" and len(surface) <= 4
                spelling = surface.title() if surface.isupper() and not acronym else surface
            mark["entity_name"] = spelling
    roles: dict[str, str] = {}
    for mark in marks:
        if mark["entity_type"] == "person" and mark["role"]:
            roles.setdefault(mark["entity_name"], mark["role"])
    for mark in marks:
        if mark["entity_type"] == "person":
            mark["role"] = roles.get(mark["entity_name"], "")
    return "".join(plain), marks


def main() -> None:
    stories, mentions, countries = [], [], []
    for path in sorted((HERE / "source").glob("*.txt")):
        header, story, head_lines = read_source(path)
        body, rows = resolve(story)
        text = f" date {header['date']} {body}\n"
        if "id" not in header:
            header["id"] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            path.write_text("\n".join(head_lines + [f"id: {header['id']}"]) + "\n\n" + story + "\n",
                            encoding="utf-8")
        file_name = f"{header['seq']}_{header['id']}.txt"
        (HERE / "articles" / file_name).write_text(text, encoding="utf-8")
        stories.append({"file_name": file_name, "kind": header["kind"]})
        mentions.extend({"file_name": file_name, **row} for row in rows)
        for rank, iso in enumerate(header["countries"].split(","), 1):
            countries.append({"file_name": file_name, "country_iso3": iso.strip(), "rank": str(rank)})
        print(f"{file_name} {header['kind']:15} {len(body.split()):4} words {len(rows):3} mentions")
    produced = {row["file_name"] for row in stories}
    for stale in (HERE / "articles").glob("*.txt"):
        if stale.name not in produced:
            stale.unlink()
    for name, rows in (("stories", stories), ("mentions", mentions), ("article_countries", countries)):
        rows.sort(key=lambda r: (r["file_name"], int(r.get("char_start", r.get("rank", 0)))))
        with open(HERE / f"{name}.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    main()
