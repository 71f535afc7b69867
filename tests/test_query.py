"""Saved queries: exact answers on the built graph, on rdflib's and pyoxigraph's engines.

Expected rows are written out as RDF terms in Turtle syntax (prefixed names;
literals with their datatype or language), so a change of value, datatype or
order fails. Values come from the source article and the city articles, not from the
data files.
"""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import NamespaceManager
from rdflib.term import Identifier

from kg.sparql import QueryResult, default_cases, run_query, saved_queries, saved_query

PREFIXES = {
    "id": "https://w3id.org/nkkg/id/",
    "nkkg": "https://w3id.org/nkkg/ontology#",
    "wd": "http://www.wikidata.org/entity/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_NM = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
for _prefix, _namespace in PREFIXES.items():
    _NM.bind(_prefix, _namespace)


def turtle(term: Identifier | None) -> str | None:
    return None if term is None else term.n3(_NM)


def rows(result: QueryResult) -> list[tuple[str | None, ...]]:
    return [tuple(turtle(t) for t in row) for row in result.rows]


def integer(value: int) -> str:
    return f'"{value}"^^xsd:integer'


def decimal(value: str) -> str:
    return f'"{value}"^^xsd:decimal'


def year(value: int) -> str:
    return f'"{value}"^^xsd:gYear'


def en(text: str) -> str:
    return f'"{text}"@en'


DGC = "nkkg:DirectlyGovernedCity"
SC = "nkkg:SpecialCity"
PREFERRED, NORMAL = "nkkg:PreferredRank", "nkkg:NormalRank"
ARTICLE = "id:source-article"

# ---------------------------------------------------------------- expected answers

FIRST_LEVEL_CITIES = (
    [
        "city", "name", "hangul", "hancha", "kind", "iso", "population", "areaKm2", "density",
        "seat", "region", "relatedProvince", "assigned",
    ],
    [
        ("id:pyongyang", en("Pyongyang"), '"평양직할시"@ko-hang', '"平壤直轄市"@ko-hani', DGC,
         '"KP-01"', integer(3255288), decimal("3194"), decimal("1019"), "id:chung-guyok",
         "id:kwanso", "id:south-pyongan", year(1946)),
        ("id:rason", en("Rason"), '"라선특별시"@ko-hang', '"羅先特別市"@ko-hani', SC,
         '"KP-13"', integer(205000), decimal("746"), decimal("275"), "id:rajin-guyok",
         "id:kwanbuk", "id:north-hamgyong", year(2010)),
        ("id:nampo", en("Nampo"), '"남포특별시"@ko-hang', '"南浦特別市"@ko-hani', SC,
         '"KP-14"', integer(366815), decimal("829"), decimal("442"), "id:waudo-guyok",
         "id:kwanso", "id:south-pyongan", year(2011)),
        ("id:kaesong", en("Kaesong"), '"개성특별시"@ko-hang', '"開城特別市"@ko-hani', SC,
         '"KP-15"', integer(308440), decimal("1309"), decimal("235"), "nkkg:UnknownValue",
         "id:haeso", "id:north-hwanghae", year(2019)),
    ],
)  # fmt: skip

HIERARCHY = (
    ["kind", "name", "hangul", "hancha", "mr", "count", "city", "cityName"],
    [
        (DGC, en("directly governed city"), '"직할시"@ko-hang', '"直轄市"@ko-hani',
         '"chikhalsi"@ko-latn-x-mr', integer(1), "id:pyongyang", en("Pyongyang")),
        (SC, en("special city"), '"특별시"@ko-hang', '"特別市"@ko-hani',
         "\"t'ŭkpyŏlsi\"@ko-latn-x-mr", integer(3), "id:rason", en("Rason")),
        (SC, en("special city"), '"특별시"@ko-hang', '"特別市"@ko-hani',
         "\"t'ŭkpyŏlsi\"@ko-latn-x-mr", integer(3), "id:nampo", en("Nampo")),
        (SC, en("special city"), '"특별시"@ko-hang', '"特別市"@ko-hani',
         "\"t'ŭkpyŏlsi\"@ko-latn-x-mr", integer(3), "id:kaesong", en("Kaesong")),
        ("nkkg:SpecialLevelCity", en("special-level city"), '"특급시"@ko-hang', '"特級市"@ko-hani',
         "\"t'ŭkkŭpsi\"@ko-latn-x-mr", integer(0), None, None),
    ],
)  # fmt: skip

DEFUNCT = (
    ["city", "name", "hangul", "hancha", "kind", "start", "end", "absorbedInto", "provinceName"],
    [
        ("id:chongjin", en("Chongjin"), '"청진시"@ko-hang', '"淸津市"@ko-hani', DGC,
         year(1960), year(1967), "id:north-hamgyong", en("North Hamgyong")),
        ("id:chongjin", en("Chongjin"), '"청진시"@ko-hang', '"淸津市"@ko-hani', DGC,
         year(1977), year(1985), "id:north-hamgyong", en("North Hamgyong")),
        ("id:hamhung", en("Hamhung"), '"함흥시"@ko-hang', '"咸興市"@ko-hani', DGC,
         year(1960), year(1967), "id:south-hamgyong", en("South Hamgyong")),
    ],
)  # fmt: skip

# computed = population / area to one decimal; difference = stated - computed
DENSITY = (
    ["rank", "city", "name", "population", "areaKm2", "computed", "stated", "difference"],
    [
        (integer(1), "id:pyongyang", en("Pyongyang"), integer(3255288), decimal("3194"),
         decimal("1019.2"), decimal("1019"), decimal("-0.2")),
        (integer(2), "id:nampo", en("Nampo"), integer(366815), decimal("829"),
         decimal("442.5"), decimal("442"), decimal("-0.5")),
        (integer(3), "id:rason", en("Rason"), integer(205000), decimal("746"),
         decimal("274.8"), decimal("275"), decimal("0.2")),
        (integer(4), "id:kaesong", en("Kaesong"), integer(308440), decimal("1309"),
         decimal("235.6"), decimal("235"), decimal("-0.6")),
    ],
)  # fmt: skip

BY_REGION = (
    ["region", "regionName", "relatedProvince", "provinceName", "city", "name"],
    [
        ("id:haeso", en("Haeso"), "id:north-hwanghae", en("North Hwanghae"), "id:kaesong",
         en("Kaesong")),
        ("id:kwanbuk", en("Kwanbuk"), "id:north-hamgyong", en("North Hamgyong"), "id:rason",
         en("Rason")),
        ("id:kwanso", en("Kwanso"), "id:south-pyongan", en("South Pyongan"), "id:nampo",
         en("Nampo")),
        ("id:kwanso", en("Kwanso"), "id:south-pyongan", en("South Pyongan"), "id:pyongyang",
         en("Pyongyang")),
    ],
)  # fmt: skip

CONFLICTS = (
    ["subject", "property", "value", "rank", "source", "note"],
    [
        ("id:kaesong", "rdf:type", SC, PREFERRED, ARTICLE,
         en("the hierarchy table counts Kaesong among the special cities and its official name "
            "개성특별시 means Kaesong Special City")),
        ("id:kaesong", "rdf:type", "nkkg:SpecialLevelCity", NORMAL, ARTICLE,
         en("the list gives Special-level city")),
        ("id:kaesong", "nkkg:isoCode", '"KP-15"', PREFERRED, "id:source-iso-3166-2-kp",
         en("code added 2022-11-29 (ISO 3166-2 change log)")),
        ("id:kaesong", "nkkg:isoCode", '"none"', NORMAL, ARTICLE,
         en("the article gives no code; it predates KP-15")),
        ("id:nampo", "nkkg:isoCode", '"KP-14"', PREFERRED, "id:source-iso-3166-2-kp",
         en("code added 2017-11-23 (ISO 3166-2 change log)")),
        ("id:nampo", "nkkg:isoCode", '"KP-??"', NORMAL, ARTICLE,
         en("the article's placeholder for a code it did not know; it predates KP-14")),
        ("id:nampo", "nkkg:yearOfAssignment", year(2011), PREFERRED, ARTICLE, None),
        ("id:nampo", "nkkg:yearOfAssignment", year(2010), NORMAL, "id:source-wp-nampo",
         en("the Nampo article's year; uncertain")),
        ("id:pyongyang", "nkkg:population", integer(3255288), PREFERRED, ARTICLE,
         en("article's list table; 2008 census per the Pyongyang article")),
        ("id:pyongyang", "nkkg:population", integer(3255288), PREFERRED, "id:source-wp-pyongyang",
         en("article's list table; 2008 census per the Pyongyang article")),
        ("id:pyongyang", "nkkg:population", integer(3255388), NORMAL, ARTICLE,
         en("article's infobox (population range)")),
        ("id:rason", "nkkg:population", integer(205000), PREFERRED, ARTICLE,
         en("article's list table and infobox, no date given; kept preferred so that the "
            "list's stated density agrees")),
        ("id:rason", "nkkg:population", integer(196954), NORMAL, "id:source-wp-rason",
         en("2008 census")),
    ],
)  # fmt: skip

WIKIDATA_LINKS = (
    ["entity", "name", "type", "wikidata"],
    [
        ("id:chagang", en("Chagang"), "nkkg:Province", "wd:Q272406"),
        ("id:chongjin", en("Chongjin"), "nkkg:City", "wd:Q109336"),
        ("id:chung-guyok", en("Chung-guyok"), "nkkg:District", None),
        ("id:haeso", en("Haeso"), "nkkg:Region", None),
        ("id:hamhung", en("Hamhung"), "nkkg:City", "wd:Q109356"),
        ("id:kaesong", en("Kaesong"), SC, "wd:Q109079"),
        ("id:kangwon", en("Kangwon"), "nkkg:Province", "wd:Q41416"),
        ("id:kwanbuk", en("Kwanbuk"), "nkkg:Region", None),
        ("id:kwanso", en("Kwanso"), "nkkg:Region", None),
        ("id:nampo", en("Nampo"), SC, "wd:Q109386"),
        ("id:north-hamgyong", en("North Hamgyong"), "nkkg:Province", "wd:Q109361"),
        ("id:north-hwanghae", en("North Hwanghae"), "nkkg:Province", "wd:Q109342"),
        ("id:north-korea", en("North Korea"), "nkkg:Country", "wd:Q423"),
        ("id:north-pyongan", en("North Pyongan"), "nkkg:Province", "wd:Q109348"),
        ("id:pyongyang", en("Pyongyang"), DGC, "wd:Q18808"),
        ("id:rajin-guyok", en("Rajin-guyok"), "nkkg:District", None),
        ("id:rason", en("Rason"), SC, "wd:Q221734"),
        ("id:ryanggang", en("Ryanggang"), "nkkg:Province", "wd:Q110171"),
        ("id:south-hamgyong", en("South Hamgyong"), "nkkg:Province", "wd:Q109368"),
        ("id:south-hwanghae", en("South Hwanghae"), "nkkg:Province", "wd:Q626052"),
        ("id:south-pyongan", en("South Pyongan"), "nkkg:Province", "wd:Q109380"),
        ("id:waudo-guyok", en("Waudo-guyok"), "nkkg:District", None),
    ],
)

HISTORY_COLUMNS = ["start", "end", "kind", "province", "provinceName", "note"]
NH, SH = ("id:north-hamgyong", en("North Hamgyong")), ("id:south-hamgyong", en("South Hamgyong"))
HISTORY = {
    "pyongyang": [(year(1946), None, DGC, None, None, en("the capital"))],
    "rason": [
        (None, year(1993), None, *NH, None),
        (year(1993), year(2004), DGC, None, None, None),
        (year(2004), year(2009), None, *NH, None),
        (year(2010), None, SC, None, None,
         en("decree of January 2010; the exact day is uncertain")),
    ],
    "nampo": [
        (year(1980), year(2004), DGC, None, None, None),
        (year(2004), year(2010), None, "id:south-pyongan", en("South Pyongan"),
         en("boundaries inferred")),
        (year(2011), None, SC, None, None, en("the Nampo article says 2010 (uncertain)")),
    ],
    "kaesong": [
        (year(1951), year(1955), "nkkg:AdministrativeRegion", None, None,
         en("Kaesong Region (chigu)")),
        (year(1955), year(2003), DGC, None, None, en("some sources end it in 2002")),
        (year(2003), year(2019), None, "id:north-hwanghae", en("North Hwanghae"), None),
        (year(2019), None, SC, None, None, None),
    ],
    "chongjin": [
        (None, year(1959), None, *NH, None),
        (year(1960), year(1967), DGC, None, None, None),
        (year(1968), year(1976), None, *NH, None),
        (year(1977), year(1985), DGC, None, None, None),
        (year(1986), None, None, *NH, None),
    ],
    "hamhung": [
        (None, year(1959), None, *SH, None),
        (year(1960), year(1967), DGC, None, None, None),
        (year(1968), None, None, *SH, None),
    ],
}  # fmt: skip

# The first-level cities of each year (the status history; years inclusive),
# as (city, kind, start, end) in the query's order: period start, then city.
PYONGYANG = ("id:pyongyang", DGC, year(1946), None)
KAESONG_DGC = ("id:kaesong", DGC, year(1955), year(2003))
CHONGJIN_1 = ("id:chongjin", DGC, year(1960), year(1967))
HAMHUNG = ("id:hamhung", DGC, year(1960), year(1967))
CHONGJIN_2 = ("id:chongjin", DGC, year(1977), year(1985))
NAMPO_DGC = ("id:nampo", DGC, year(1980), year(2004))
RASON_DGC = ("id:rason", DGC, year(1993), year(2004))
RASON_SC = ("id:rason", SC, year(2010), None)
NAMPO_SC = ("id:nampo", SC, year(2011), None)
KAESONG_SC = ("id:kaesong", SC, year(2019), None)
IN_YEAR = {
    1945: [],
    1946: [PYONGYANG],
    1952: [PYONGYANG],  # Kaesong was a Region (chigu) then, not a first-level city
    1955: [PYONGYANG, KAESONG_DGC],
    1960: [PYONGYANG, KAESONG_DGC, CHONGJIN_1, HAMHUNG],
    1967: [PYONGYANG, KAESONG_DGC, CHONGJIN_1, HAMHUNG],
    1970: [PYONGYANG, KAESONG_DGC],  # between periods
    1977: [PYONGYANG, KAESONG_DGC, CHONGJIN_2],
    1985: [PYONGYANG, KAESONG_DGC, CHONGJIN_2, NAMPO_DGC],
    1986: [PYONGYANG, KAESONG_DGC, NAMPO_DGC],
    2004: [PYONGYANG, NAMPO_DGC, RASON_DGC],
    2007: [PYONGYANG],  # between periods: Rason and Nampo inside provinces
    2010: [PYONGYANG, RASON_SC],
    2011: [PYONGYANG, RASON_SC, NAMPO_SC],
    2019: [PYONGYANG, RASON_SC, NAMPO_SC, KAESONG_SC],
}
NAMES = {
    "id:pyongyang": "Pyongyang",
    "id:rason": "Rason",
    "id:nampo": "Nampo",
    "id:kaesong": "Kaesong",
    "id:chongjin": "Chongjin",
    "id:hamhung": "Hamhung",
}

EXPECTED = {
    "first-level-cities": FIRST_LEVEL_CITIES,
    "hierarchy": HIERARCHY,
    "defunct-special-cities": DEFUNCT,
    "density-ranking": DENSITY,
    "cities-by-region": BY_REGION,
    "conflicting-claims": CONFLICTS,
    "wikidata-links": WIKIDATA_LINKS,
}

# Every saved query with every parameter case the tests run; the federated
# query runs in test_query_remote.py against a local SERVICE target.
CASES = (
    [(name, {}) for name in EXPECTED]
    + [("status-history", {"city": city}) for city in HISTORY]
    + [("status-history", {})]
    + [("first-level-in-year", {"year": str(y)}) for y in IN_YEAR]
    + [("first-level-in-year", {})]
)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_saved_query_answer(name: str) -> None:
    variables, expected = EXPECTED[name]
    result = run_query(name)
    assert result.variables == variables
    assert rows(result) == expected


@pytest.mark.parametrize("city", sorted(HISTORY))
def test_status_history(city: str) -> None:
    result = run_query("status-history", {"city": city})
    assert result.variables == HISTORY_COLUMNS
    assert rows(result) == HISTORY[city]


def test_status_history_default_is_rason_and_iri_works() -> None:
    assert rows(run_query("status-history")) == HISTORY["rason"]
    by_iri = run_query("status-history", {"city": "https://w3id.org/nkkg/id/kaesong"})
    assert rows(by_iri) == HISTORY["kaesong"]
    assert rows(run_query("status-history", {"city": "https://example.org/nowhere"})) == []


@pytest.mark.parametrize("when", sorted(IN_YEAR))
def test_first_level_in_year(when: int) -> None:
    result = run_query("first-level-in-year", {"year": str(when)})
    assert result.variables == ["city", "name", "kind", "start", "end"]
    expected = [(c, en(NAMES[c]), kind, s, e) for c, kind, s, e in IN_YEAR[when]]
    assert rows(result) == expected


def test_first_level_in_year_default_is_1985_and_takes_an_int() -> None:
    assert rows(run_query("first-level-in-year")) == rows(
        run_query("first-level-in-year", {"year": 1985})
    )
    assert [r[0] for r in rows(run_query("first-level-in-year"))] == [
        "id:pyongyang",
        "id:kaesong",
        "id:chongjin",
        "id:nampo",
    ]


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v) if v else "defaults")
def test_rdflib_and_oxigraph_agree(name: str, params: dict[str, str]) -> None:
    in_rdflib = run_query(name, params, engine="rdflib")
    in_oxigraph = run_query(name, params, engine="oxigraph")
    assert in_oxigraph == in_rdflib


def test_every_saved_query_is_covered() -> None:
    covered = {name for name, _ in CASES} | {"wikidata-iso-codes"}
    assert {q.name for q in saved_queries()} == covered
    assert [q.name for q, _ in default_cases()] == sorted(covered - {"wikidata-iso-codes"})
    assert [q.name for q, _ in default_cases(federated=True)] == sorted(covered)


def test_saved_query_headers() -> None:
    titles = {q.name: q.title for q in saved_queries()}
    assert titles == {
        "cities-by-region": "Cities by region and related province",
        "conflicting-claims": "Conflicting claims",
        "defunct-special-cities": "Defunct special cities",
        "density-ranking": "Density ranking",
        "first-level-cities": "Current first-level cities (the source's list table)",
        "first-level-in-year": "First-level cities in a given year",
        "hierarchy": "Kinds of first-level city today (the source's hierarchy table)",
        "status-history": "One city's status history",
        "wikidata-iso-codes": "ISO codes in the graph and in Wikidata (federated)",
        "wikidata-links": "Wikidata links",
    }
    for query in saved_queries():
        assert len(query.answers) > 60, f"{query.name}: the header must say what it answers"
    params = {q.name: [p.signature() for p in q.parameters] for q in saved_queries()}
    assert {k: v for k, v in params.items() if v} == {
        "first-level-in-year": ["year: year = 1985"],
        "status-history": ["city: city = rason"],
        "wikidata-iso-codes": ["wikidata: endpoint = https://query.wikidata.org/sparql"],
    }
    year_param = saved_query("first-level-in-year").parameters[0]
    assert year_param.description == "The year asked about (1945 to the current year)."
    assert saved_query("wikidata-iso-codes").federated
    assert not saved_query("status-history").federated


def test_saved_queries_keep_the_portable_style() -> None:
    # queries/README.md, "Portable style": counts are SUM(IF(BOUND(...))) or plain
    # joins, never COUNT, whose value over an unbound variable engines disagree on
    offenders = [q.name for q in saved_queries() if "COUNT(" in q.text.upper()]
    assert offenders == []
