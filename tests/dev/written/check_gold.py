"""Check the written dev set: files, offsets, spans, types, ISO3 codes, split.

Standard library only. Exit status 0 and one summary line when every check
passes; otherwise one line per problem and exit status 1.

    python tests/dev/written/check_gold.py           # check
    python tests/dev/written/check_gold.py --split   # print file_name,kind,half
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("sports_results", "standings", "datelines", "events", "markets", "politics")
TYPES = ("person", "organization", "location", "country", "nationality")
MENTION_FIELDS = ["file_name", "entity_type", "entity_name", "surface", "char_start",
                  "char_end", "country_iso3", "role"]
NAME = re.compile(r"^\d{3,}_[0-9a-f]{16}\.txt$")
HEAD = re.compile(r"^ date (1996|1997|1998|1999|2024)-\d\d-\d\d \S")

# Canonical English name of every country the set uses (the style of tests/gold).
COUNTRIES = {
    "AGO": "Angola", "ARE": "United Arab Emirates", "ARG": "Argentina", "AUS": "Australia",
    "AUT": "Austria", "BEL": "Belgium", "BFA": "Burkina Faso", "BGD": "Bangladesh",
    "BGR": "Bulgaria", "BRA": "Brazil", "CAN": "Canada", "CHE": "Switzerland",
    "CHL": "Chile", "CHN": "China", "CIV": "Ivory Coast", "CMR": "Cameroon",
    "COL": "Colombia", "CZE": "Czech Republic", "DEU": "Germany",
    "DNK": "Denmark", "DOM": "Dominican Republic", "DZA": "Algeria", "ECU": "Ecuador",
    "EGY": "Egypt", "ESP": "Spain", "ETH": "Ethiopia", "FIN": "Finland",
    "FRA": "France", "GBR": "United Kingdom", "GHA": "Ghana", "GRC": "Greece",
    "HKG": "Hong Kong", "BWA": "Botswana", "ZMB": "Zambia", "NAM": "Namibia", "HRV": "Croatia", "HTI": "Haiti", "HUN": "Hungary",
    "IDN": "Indonesia", "IND": "India", "IRL": "Ireland", "IRN": "Iran",
    "ISL": "Iceland", "ITA": "Italy", "JAM": "Jamaica", "JOR": "Jordan",
    "JPN": "Japan", "KEN": "Kenya", "KOR": "South Korea", "LAO": "Laos",
    "LBN": "Lebanon", "LKA": "Sri Lanka", "MAR": "Morocco", "MCO": "Monaco",
    "MEX": "Mexico", "MLI": "Mali", "MRT": "Mauritania", "MUS": "Mauritius",
    "MYS": "Malaysia", "NGA": "Nigeria", "NLD": "Netherlands", "NOR": "Norway",
    "NZL": "New Zealand", "PAK": "Pakistan", "PER": "Peru", "PHL": "Philippines",
    "POL": "Poland", "PRT": "Portugal", "PRY": "Paraguay", "QAT": "Qatar",
    "ROU": "Romania", "RUS": "Russia", "SAU": "Saudi Arabia", "SEN": "Senegal",
    "SOM": "Somalia", "SRB": "Serbia", "SVK": "Slovakia", "SVN": "Slovenia",
    "SWE": "Sweden", "SYR": "Syria", "THA": "Thailand", "TUN": "Tunisia",
    "TUR": "Turkey", "UKR": "Ukraine", "URY": "Uruguay", "USA": "United States",
    "VNM": "Vietnam", "ZAF": "South Africa", "ZWE": "Zimbabwe",
}

# Former states keep their name as written, with the code of their successor.
FORMER = {"Czechoslovakia": "CZE", "Soviet Union": "RUS"}

# Nationality adjectives and demonyms the set uses, with the country they evidence.
NATIONALITIES = {
    "American": "USA", "Americans": "USA", "Angolan": "AGO", "Argentine": "ARG", "Australian": "AUS",
    "Australians": "AUS", "Austrian": "AUT", "Bangladeshi": "BGD", "Belgian": "BEL", "Brazilian": "BRA",
    "Brazilians": "BRA", "British": "GBR", "Bulgarian": "BGR", "Cameroonian": "CMR", "Canadian": "CAN",
    "Chilean": "CHL", "Chinese": "CHN", "Colombian": "COL", "Croatian": "HRV", "Czech": "CZE",
    "Czechs": "CZE", "Dane": "DNK", "Danish": "DNK", "Dominican": "DOM", "Dutch": "NLD",
    "Ecuadorian": "ECU", "Egyptian": "EGY", "Emirati": "ARE", "English": "GBR", "Ethiopian": "ETH",
    "Filipino": "PHL", "Finnish": "FIN", "French": "FRA", "Frenchman": "FRA", "Philippine": "PHL", "Filipinos": "PHL", "Zambian": "ZMB", "Namibian": "NAM", "Motswana": "BWA", "German": "DEU",
    "Germans": "DEU", "Ghanaian": "GHA", "Greek": "GRC", "Hungarian": "HUN", "Icelandic": "ISL",
    "Indian": "IND", "Indonesian": "IDN", "Iranian": "IRN", "Irish": "IRL", "Irishman": "IRL",
    "Italian": "ITA", "Italians": "ITA", "Ivorian": "CIV", "Jamaican": "JAM", "Japanese": "JPN",
    "Jordanian": "JOR", "Kenyan": "KEN", "Kenyans": "KEN", "Kiwi": "NZL", "Korean": "KOR",
    "Laotian": "LAO", "Lebanese": "LBN", "Malaysian": "MYS", "Mauritanian": "MRT", "Mexican": "MEX",
    "Moroccan": "MAR", "New Zealander": "NZL", "Nigerian": "NGA", "Nigerians": "NGA", "Norwegian": "NOR",
    "Pakistani": "PAK", "Paraguayan": "PRY", "Peruvian": "PER", "Polish": "POL", "Portuguese": "PRT",
    "Qatari": "QAT", "Romanian": "ROU", "Russian": "RUS", "Saudi": "SAU", "Scottish": "GBR",
    "Senegalese": "SEN", "Serbian": "SRB", "Slovak": "SVK", "Somali": "SOM", "South African": "ZAF",
    "South Korean": "KOR", "Spanish": "ESP", "Sri Lankan": "LKA", "Swede": "SWE", "Swedes": "SWE",
    "Swedish": "SWE", "Swiss": "CHE", "Syrian": "SYR", "Syrians": "SYR", "Thai": "THA",
    "Tunisian": "TUN", "Turkish": "TUR", "Ukrainian": "UKR", "Uruguayan": "URY", "Vietnamese": "VNM",
    "Zimbabwean": "ZWE",
}

# A span may end with a full stop only when it ends with an abbreviation.
ABBREVIATION = re.compile(
    r"(\b[A-Z]\.|\b[a-z]\.[a-z]\.|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|Bros|Ore|Calif|Mass|Wash|Mich|Minn|Wis|Tenn|Ky|Fla|Ga|"
    r"Ala|Miss|Ark|Okla|Kan|Neb|Colo|Ariz|Nev|Mont|Wyo|Ill|Ind|Pa|Va|Md|Del|Conn|Vt|Tex|La|Mo|Ia|"
    r"Ida|Me|Sask|Alta|Man|Ont|Que|Nfld|St)\.)$")

# Characters a span may not start or end with.
BAD_EDGE = " \t\n.,;:!?\"'()[]-–—’“”"


def body_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    return text[17:].rstrip()


def read(name: str) -> list[dict[str, str]]:
    with open(HERE / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def split() -> dict[str, str]:
    """file_name -> 'tune' | 'holdout': per kind, by sha256 of the file name, alternating."""
    halves: dict[str, str] = {}
    by_kind: dict[str, list[str]] = {}
    for row in read("stories.csv"):
        by_kind.setdefault(row["kind"], []).append(row["file_name"])
    for names in by_kind.values():
        names.sort(key=lambda n: hashlib.sha256(n.encode("utf-8")).hexdigest())
        for i, name in enumerate(names):
            halves[name] = "tune" if i % 2 == 0 else "holdout"
    return halves


def check() -> list[str]:
    problems: list[str] = []
    files = {p.name: p for p in (HERE / "articles").glob("*")}
    stories = read("stories.csv")
    listed = [r["file_name"] for r in stories]
    for name in sorted(set(files) - set(listed)):
        problems.append(f"{name}: article file not in stories.csv")
    for name in sorted(set(listed) - set(files)):
        problems.append(f"{name}: in stories.csv but no article file")
    for name, n in Counter(listed).items():
        if n > 1:
            problems.append(f"{name}: listed {n} times in stories.csv")
    bodies: dict[str, str] = {}
    for row in stories:
        name = row["file_name"]
        if row["kind"] not in KINDS:
            problems.append(f"{name}: unknown kind {row['kind']!r}")
        if not NAME.match(name):
            problems.append(f"{name}: name does not match NNN_<16 hex>.txt")
        if name not in files:
            continue
        raw = files[name].read_text(encoding="utf-8")
        if not HEAD.match(raw):
            problems.append(f"{name}: does not start with ' date YYYY-MM-DD ' (1996-1999 or 2024)")
        if not raw.endswith("\n") or raw.endswith("\n\n"):
            problems.append(f"{name}: must end with exactly one newline")
        if "\n\n\n" in raw or re.search(r"[^\n]\n[^\n]", raw) or re.search(r"[ \t]\n", raw):
            problems.append(f"{name}: paragraphs must be separated by one blank line")
        bodies[name] = body_of(files[name])
        words = len(bodies[name].split())
        if not 150 <= words <= 450:
            problems.append(f"{name}: {words} words, expected 150-450")
    if stories != sorted(stories, key=lambda r: r["file_name"]):
        problems.append("stories.csv: not sorted by file_name")

    with open(HERE / "mentions.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != MENTION_FIELDS:
            problems.append(f"mentions.csv: header {reader.fieldnames} != {MENTION_FIELDS}")
        mentions = list(reader)
    keys = [(m["file_name"], int(m["char_start"])) for m in mentions]
    if keys != sorted(keys):
        problems.append("mentions.csv: not sorted by file_name, char_start")
    last_end: dict[str, int] = {}
    for i, m in enumerate(mentions, 2):
        where = f"mentions.csv:{i} {m['file_name']} {m['surface']!r}"
        body = bodies.get(m["file_name"])
        if body is None:
            problems.append(f"{where}: file not in stories.csv")
            continue
        start, end = int(m["char_start"]), int(m["char_end"])
        if body[start:end] != m["surface"]:
            problems.append(f"{where}: body[{start}:{end}] is {body[start:end]!r}")
        if start < last_end.get(m["file_name"], 0):
            problems.append(f"{where}: overlaps the previous mention")
        last_end[m["file_name"]] = max(end, last_end.get(m["file_name"], 0))
        surface, etype, iso = m["surface"], m["entity_type"], m["country_iso3"]
        if (start > 0 and body[start - 1].isalnum()) or (end < len(body) and body[end].isalnum()):
            problems.append(f"{where}: span cuts a word")
        closing = surface.endswith(")") and "(" in surface
        if not surface or surface[0] in BAD_EDGE or (surface[-1] in BAD_EDGE and surface[-1] != "." and not closing):
            problems.append(f"{where}: span starts or ends with punctuation or space")
        if surface.endswith(("'s", "’s")) or surface.lower().startswith("the "):
            problems.append(f"{where}: possessive or leading 'the' inside the span")
        if surface.endswith(".") and not ABBREVIATION.search(surface):
            problems.append(f"{where}: trailing full stop")
        if etype not in TYPES:
            problems.append(f"{where}: unknown entity_type {etype!r}")
        if not m["entity_name"]:
            problems.append(f"{where}: empty entity_name")
        if m["role"] and etype != "person":
            problems.append(f"{where}: role on a {etype}")
        if etype in ("country", "nationality"):
            if iso not in COUNTRIES:
                problems.append(f"{where}: {etype} needs a known ISO3, got {iso!r}")
            elif m["entity_name"] != COUNTRIES[iso] and FORMER.get(m["entity_name"]) != iso:
                problems.append(f"{where}: entity_name should be {COUNTRIES[iso]!r}")
            if etype == "nationality" and iso not in (NATIONALITIES.get(surface), NATIONALITIES.get(surface.title())):
                problems.append(f"{where}: nationality {surface!r} not listed with {iso}")
        elif etype == "location":
            if iso and iso not in COUNTRIES:
                problems.append(f"{where}: unknown ISO3 {iso!r}")
        elif iso:
            problems.append(f"{where}: {etype} must have an empty country_iso3")
    # one role per person per article
    roles: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        if m["entity_type"] == "person":
            roles.setdefault((m["file_name"], m["entity_name"]), set()).add(m["role"])
    for (name, person), found in roles.items():
        if len(found) > 1:
            problems.append(f"{name}: {person} has several roles {sorted(found)}")

    ranks: dict[str, list[int]] = {}
    for row in read("article_countries.csv"):
        if row["file_name"] not in bodies:
            problems.append(f"article_countries.csv: {row['file_name']} not in stories.csv")
        if row["country_iso3"] not in COUNTRIES:
            problems.append(f"article_countries.csv: {row['file_name']} unknown {row['country_iso3']!r}")
        ranks.setdefault(row["file_name"], []).append(int(row["rank"]))
    for name in bodies:
        if ranks.get(name) != list(range(1, len(ranks.get(name, [])) + 1)) or name not in ranks:
            problems.append(f"article_countries.csv: {name} ranks {ranks.get(name)} not 1..n in order")
    return problems


def main() -> int:
    if sys.argv[1:] == ["--split"]:
        kinds = {r["file_name"]: r["kind"] for r in read("stories.csv")}
        print("file_name,kind,half")
        for name, half in sorted(split().items()):
            print(f"{name},{kinds[name]},{half}")
        return 0
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        return 1
    kinds = Counter(r["kind"] for r in read("stories.csv"))
    types = Counter(m["entity_type"] for m in read("mentions.csv"))
    halves = Counter(split().values())
    print(f"ok: {sum(kinds.values())} stories {dict(sorted(kinds.items()))}; "
          f"{sum(types.values())} mentions {dict(sorted(types.items()))}; halves {dict(halves)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
