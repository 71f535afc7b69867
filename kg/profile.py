"""The country profile: everything in the code that is specific to North Korea.

No other module under kg/ names the country's Wikidata item, its ISO 3166-2
prefix, the first year of the data or the scripts its names are written in
(a test enforces it). A second country would be a second profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CountryProfile:
    """What the loader, the queries' parameters and the Wikidata link need to know."""

    name: str
    wikidata_qid: str
    """The country's Wikidata item: suggest looks for candidates located in it (P17)."""
    iso_prefix: str
    """ISO 3166-2 codes of its subdivisions start with this."""
    first_year: int
    """No year in the data may precede it."""
    city_name_languages: tuple[str, ...]
    """BCP 47 tags every current or former first-level city needs an rdfs:label in."""
    wikidata_languages: dict[str, str]
    """Graph language tags (lower case) -> Wikidata label languages they compare with."""

    def iso_code_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"^{re.escape(self.iso_prefix)}[0-9]{{2}}\Z")


NORTH_KOREA = CountryProfile(
    name="North Korea",
    wikidata_qid="Q423",
    iso_prefix="KP-",
    first_year=1945,  # the division of Korea; nothing in nkkg predates it
    city_name_languages=("en", "ko-Hang", "ko-Hani"),
    wikidata_languages={"en": "en", "ko": "ko", "ko-hang": "ko"},
)

PROFILE = NORTH_KOREA
"""The profile in force."""
