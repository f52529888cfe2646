"""Types shared by the extractors: what a mention of an entity is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EntityType = Literal["country", "location", "person", "organization"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in an article body.

    ``char_start``/``char_end`` are Python string offsets into the body, so
    ``body[char_start:char_end] == surface`` always holds.
    """

    entity_type: EntityType
    name: str  # canonical name: "Cambodia", "Mao Sophan", "Royal Cambodian Army"
    surface: str  # the text as it stands in the body
    char_start: int
    char_end: int
    country_iso3: str | None = None  # for countries and locations
    role: str | None = None  # for persons: "General", "Prime Minister", ...
