"""Check the Reuters development set in tests/dev/reuters/ (standard library only).

Usage: python tests/dev/check_gold.py [DIR] [--corpus ARTICLES_DIR]

DIR defaults to tests/dev/reuters next to this script; the corpus defaults to
$DATELINE_REUTERS_ARTICLES, else ../shared/corpora/reuters21578/articles beside
the checkout (where tests/conftest.py looks for it too).
Checks: every stories.csv file exists in the corpus, kinds are known, and
mentions.csv rows have known types, body[char_start:char_end] == surface (body
as in tests/gold/README.md), no leading/trailing space, sorted by file then
offset, no overlapping spans, ISO3 codes where the type needs them, person
roles consistent per story; article_countries.csv has ranks 1..n per story,
known ISO3 codes, and a row for every story. Exits 1 and lists every problem.
"""

import csv
import os
import sys
from collections import defaultdict
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "reuters21578" / "articles"
KINDS = {"markets", "company", "politics", "other"}
TYPES = {"person", "organization", "location", "country", "nationality"}
NEEDS_ISO = {"country", "nationality"}  # location: set when inside one country
NO_ISO = {"person", "organization"}
MENTION_COLS = ["file_name", "entity_type", "entity_name", "surface", "char_start", "char_end", "country_iso3", "role"]
# ISO 3166-1 alpha-3 (current codes)
ISO3 = set(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD
    BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR
    COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH
    ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL
    GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR
    JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR
    MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL
    NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY
    PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP
    SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
    UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
""".split()
)


def body_of(path: Path) -> str:
    """The article body exactly as tests/gold/README.md defines it."""
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n")[17:].rstrip()


def read_csv(path: Path, cols: list[str], problems: list[str]) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != cols:
            problems.append(f"{path.name}: header {reader.fieldnames} != {cols}")
            return []
        return list(reader)


def check(root: Path, corpus: Path) -> list[str]:
    problems: list[str] = []
    stories = read_csv(root / "stories.csv", ["file_name", "kind"], problems)
    names = [s["file_name"] for s in stories]
    if len(set(names)) != len(names):
        problems.append("stories.csv: duplicate file names")
    bodies = {}
    for s in stories:
        if s["kind"] not in KINDS:
            problems.append(f"stories.csv: {s['file_name']}: unknown kind {s['kind']!r}")
        path = corpus / s["file_name"]
        if not path.is_file():
            problems.append(f"stories.csv: {s['file_name']} not in {corpus}")
            continue
        bodies[s["file_name"]] = body_of(path)

    rows = read_csv(root / "mentions.csv", MENTION_COLS, problems)
    last: tuple[str, int, int] | None = None
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for n, r in enumerate(rows, start=2):
        where = f"mentions.csv:{n}: {r['file_name']} {r['surface']!r}"
        if r["file_name"] not in bodies:
            problems.append(f"{where}: file not in stories.csv")
            continue
        try:
            start, end = int(r["char_start"]), int(r["char_end"])
        except ValueError:
            problems.append(f"{where}: offsets not integers")
            continue
        if bodies[r["file_name"]][start:end] != r["surface"]:
            problems.append(f"{where}: body[{start}:{end}] is {bodies[r['file_name']][start:end]!r}")
        if r["surface"] != r["surface"].strip() or not r["surface"]:
            problems.append(f"{where}: empty surface or surrounding space")
        if r["surface"].endswith((",", ";", ":", ")", '"')) and "(" not in r["surface"]:
            problems.append(f"{where}: punctuation at the end")
        if r["surface"].endswith("'s") and "'s" not in r["entity_name"]:
            problems.append(f"{where}: possessive 's in the span")
        if r["entity_type"] not in TYPES:
            problems.append(f"{where}: unknown type {r['entity_type']!r}")
        if not r["entity_name"].strip():
            problems.append(f"{where}: empty entity_name")
        iso = r["country_iso3"]
        if r["entity_type"] in NEEDS_ISO and not iso:
            problems.append(f"{where}: {r['entity_type']} without country_iso3")
        if r["entity_type"] in NO_ISO and iso:
            problems.append(f"{where}: {r['entity_type']} with country_iso3")
        if iso and iso not in ISO3:
            problems.append(f"{where}: unknown ISO3 {iso!r}")
        if r["role"] and r["entity_type"] != "person":
            problems.append(f"{where}: role on a non-person")
        if r["entity_type"] == "person":
            roles[(r["file_name"], r["entity_name"])].add(r["role"])
        key = (r["file_name"], start, end)
        if last is not None and (key[0], key[1]) < (last[0], last[1]):
            problems.append(f"{where}: not sorted by file_name, char_start")
        if last is not None and key[0] == last[0] and start < last[2]:
            problems.append(f"{where}: overlaps the previous span")
        last = key
    for (fn, name), rs in sorted(roles.items()):
        if len(rs) > 1:
            problems.append(f"mentions.csv: {fn} {name!r}: several roles {sorted(rs)}")

    labels = read_csv(root / "article_countries.csv", ["file_name", "country_iso3", "rank"], problems)
    ranks: dict[str, list[int]] = defaultdict(list)
    for n, r in enumerate(labels, start=2):
        where = f"article_countries.csv:{n}: {r['file_name']}"
        if r["file_name"] not in bodies:
            problems.append(f"{where}: file not in stories.csv")
        if r["country_iso3"] not in ISO3:
            problems.append(f"{where}: unknown ISO3 {r['country_iso3']!r}")
        ranks[r["file_name"]].append(int(r["rank"]))
    for fn in names:
        if ranks.get(fn) != list(range(1, len(ranks.get(fn, [])) + 1)) or fn not in ranks:
            problems.append(f"article_countries.csv: {fn}: ranks {ranks.get(fn)} are not 1..n")
    return problems


def main(argv: list[str]) -> int:
    args = list(argv)
    corpus = Path(os.environ.get("DATELINE_REUTERS_ARTICLES", DEFAULT_CORPUS))
    if "--corpus" in args:
        i = args.index("--corpus")
        corpus = Path(args[i + 1])
        del args[i : i + 2]
    root = Path(args[0]) if args else Path(__file__).resolve().parent / "reuters"
    problems = check(root, corpus)
    for p in problems:
        print(p)
    with (root / "stories.csv").open(encoding="utf-8") as f:
        n_stories = sum(1 for _ in f) - 1
    with (root / "mentions.csv").open(encoding="utf-8") as f:
        n_mentions = sum(1 for _ in f) - 1
    status = "FAILED" if problems else "ok"
    print(f"{root}: {n_stories} stories, {n_mentions} mentions, {len(problems)} problems: {status}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
