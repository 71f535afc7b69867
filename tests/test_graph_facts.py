"""The built graph states every value of the source article and the cited sources, on the right
entity.

Expected values are written out here from the source article's tables and
the sources (Wikipedia articles, ISO 3166-2:KP, Wikidata), not read from the data files, so a
wrong edit of the data fails.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.input.loader import load_dataset
from kg.rdf.namespace import DEFAULT_BASE, NKKG

ID = DEFAULT_BASE
WD = "http://www.wikidata.org/entity/"


def e(slug: str) -> URIRef:
    return URIRef(ID + slug)


def values(graph: Graph, subject: str, predicate: URIRef) -> set:
    return set(graph.objects(e(subject), predicate))


def label(graph: Graph, node: URIRef, lang: str) -> str:
    found = [o for o in graph.objects(node, RDFS.label) if o.language == lang]
    assert len(found) == 1, (node, lang, found)
    return str(found[0])


# The source article's list of special cities, as printed.
LIST_TABLE = [
    # slug, Name, Chosŏn'gŭl, Hancha, ISO (preferred), population, area, density,
    # seat, region, province, year of assignment
    ("pyongyang", "Pyongyang", "평양직할시", "平壤直轄市", "KP-01", 3255288, 3194, 1019,
     "chung-guyok", "kwanso", "south-pyongan", 1946),
    ("rason", "Rason", "라선특별시", "羅先特別市", "KP-13", 205000, 746, 275,
     "rajin-guyok", "kwanbuk", "north-hamgyong", 2010),
    ("nampo", "Nampo", "남포특별시", "南浦特別市", "KP-14", 366815, 829, 442,
     "waudo-guyok", "kwanso", "south-pyongan", 2011),
    ("kaesong", "Kaesong", "개성특별시", "開城特別市", "KP-15", 308440, 1309, 235,
     None, "haeso", "north-hwanghae", 2019),
]  # fmt: skip


@pytest.mark.parametrize("row", LIST_TABLE, ids=[r[0] for r in LIST_TABLE])
def test_list_table_values(graph: Graph, row: tuple) -> None:
    slug, name, hangul, hanja, iso, population, area, density, seat, region, province, year = row
    node = e(slug)
    assert label(graph, node, "en") == name
    assert label(graph, node, "ko-hang") == hangul
    assert label(graph, node, "ko-hani") == hanja
    assert values(graph, slug, NKKG.isoCode) == {Literal(iso)}
    assert values(graph, slug, NKKG.population) == {Literal(population, datatype=XSD.integer)}
    assert values(graph, slug, NKKG.areaKm2) == {Literal(Decimal(area), datatype=XSD.decimal)}
    assert values(graph, slug, NKKG.densityPerKm2) == {
        Literal(Decimal(density), datatype=XSD.decimal)
    }
    assert values(graph, slug, NKKG.seat) == ({e(seat)} if seat else set())
    assert values(graph, slug, NKKG.region) == {e(region)}
    assert values(graph, slug, NKKG.relatedProvince) == {e(province)}
    assert values(graph, slug, NKKG.yearOfAssignment) == {Literal(str(year), datatype=XSD.gYear)}


def test_list_table_kinds(graph: Graph) -> None:
    kinds = {
        slug: values(graph, slug, RDF.type) for slug in ("pyongyang", "rason", "nampo", "kaesong")
    }
    assert kinds == {
        "pyongyang": {NKKG.DirectlyGovernedCity},
        "rason": {NKKG.SpecialCity},
        "nampo": {NKKG.SpecialCity},
        "kaesong": {NKKG.SpecialCity},
    }


def test_seats_are_districts_of_their_city(graph: Graph) -> None:
    for seat, city, name in [
        ("chung-guyok", "pyongyang", "Chung-guyok"),
        ("rajin-guyok", "rason", "Rajin-guyok"),
        ("waudo-guyok", "nampo", "Waudo-guyok"),
    ]:
        assert values(graph, seat, RDF.type) == {NKKG.District}
        assert values(graph, seat, NKKG.locatedIn) == {e(city)}
        assert label(graph, e(seat), "en") == name


def test_regions(graph: Graph) -> None:
    for slug, name in [("kwanso", "Kwanso"), ("kwanbuk", "Kwanbuk"), ("haeso", "Haeso")]:
        assert values(graph, slug, RDF.type) == {NKKG.Region}
        assert label(graph, e(slug), "en") == name


def test_defunct_list(graph: Graph) -> None:
    # Division name, Chosŏn'gŭl, Hancha, Province absorbed into
    for slug, name, hangul, hanja, province in [
        ("chongjin", "Chongjin", "청진시", "淸津市", "north-hamgyong"),
        ("hamhung", "Hamhung", "함흥시", "咸興市", "south-hamgyong"),
    ]:
        assert label(graph, e(slug), "en") == name
        assert label(graph, e(slug), "ko-hang") == hangul
        assert label(graph, e(slug), "ko-hani") == hanja
        assert values(graph, slug, NKKG.absorbedInto) == {e(province)}
        assert values(graph, slug, RDF.type) == {NKKG.City}


def test_hierarchy_table_names(graph: Graph) -> None:
    expected = {
        NKKG.DirectlyGovernedCity: ("직할시", "直轄市", "chikhalsi", {"Direct-administered city",
                                                                    "Directly administered city"}),
        NKKG.SpecialCity: ("특별시", "特別市", "t'ŭkpyŏlsi", {"Special city"}),
        NKKG.SpecialLevelCity: ("특급시", "特級市", "t'ŭkkŭpsi", {"Special-level city"}),
    }  # fmt: skip
    for kind, (hangul, hanja, mr, english) in expected.items():
        pref = {(o.language, str(o)) for o in graph.objects(kind, SKOS.prefLabel)}
        assert {("ko-hang", hangul), ("ko-hani", hanja), ("ko-latn-x-mr", mr)} <= pref
        assert {str(o) for o in graph.objects(kind, SKOS.altLabel)} == english
        assert (kind, SKOS.inScheme, NKKG.DivisionKinds) in graph
        assert (kind, RDFS.subClassOf, NKKG.FirstLevelCity) in graph


def periods(graph: Graph, slug: str) -> list[tuple]:
    """(kind local name or None, start, end, province slug or None, sources) per period."""
    found = []
    for period in graph.objects(e(slug), NKKG.statusPeriod):
        kind = graph.value(period, NKKG.kind)
        start = graph.value(period, NKKG.startYear)
        end = graph.value(period, NKKG.endYear)
        province = graph.value(period, NKKG.withinProvince)
        sources = {str(s).removeprefix(ID + "source-") for s in graph.objects(period, NKKG.source)}
        found.append(
            (
                str(kind).removeprefix(str(NKKG)) if kind else None,
                int(start) if start is not None else None,
                int(end) if end is not None else None,
                str(province).removeprefix(ID) if province else None,
                frozenset(sources),
            )
        )
    return sorted(found, key=lambda p: (p[1] or 0, p[2] or 9999))


def S(*ids: str) -> frozenset[str]:
    return frozenset(ids)


# The status history from the city articles, with each period's source; "otherwise part of"
# becomes the years between.
STATUS_HISTORY = {
    "pyongyang": [("DirectlyGovernedCity", 1946, None, None, S("article"))],
    # the simple years are the earliest start and the latest end where a source's date is
    # known only within bounds (1993 or 1994; 2010-01-04 or -05; 1979-12 or 1980; 2010 or 2011)
    "rason": [
        (None, None, 1994, "north-hamgyong", S("wp-rason", "nkchosun-5467")),
        (
            "DirectlyGovernedCity",
            1993,
            2004,
            None,
            S("wp-rason", "nkchosun-5467", "cybernk-rason", "dailynk-rason-2004"),
        ),
        (
            None,
            2004,
            2010,
            "north-hamgyong",
            S(
                "wp-rason",
                "cybernk-rason",
                "dailynk-rason-2004",
                "onbao-rason-2010",
                "nkeconwatch-2010",
            ),
        ),
        (
            "SpecialCity",
            2010,
            None,
            None,
            S("article", "wp-rason", "onbao-rason-2010", "nkeconwatch-2010"),
        ),
    ],
    "nampo": [
        (
            None,
            None,
            1980,
            "south-pyongan",
            S("pan-asian-nampo", "britannica-ko-nampo", "wp-nampo"),
        ),
        ("DirectlyGovernedCity", 1980, 2004, None, S("wp-nampo")),
        (
            None,
            2004,
            2011,
            "south-pyongan",
            S("kcna-nampo-2004", "hankyung-nampo-2004", "wikinews-2011", "article"),
        ),
        ("SpecialCity", 2010, None, None, S("article", "wp-nampo", "wikinews-2011")),
    ],
    "kaesong": [
        (
            "AdministrativeRegion",
            1951,
            1957,
            None,
            S("wp-kaesong", "kowiki-kaesong-diff", "namu-kaesong-county"),
        ),
        (
            "DirectlyGovernedCity",
            1955,
            2003,
            None,
            S("wp-kaesong", "kowiki-kaesong-diff", "namu-kaesong-county"),
        ),
        (
            None,
            2003,
            2019,
            "north-hwanghae",
            S("wp-kaesong", "kowiki-kaesong-diff", "article", "wp-cities-of-north-korea"),
        ),
        ("SpecialCity", 2019, None, None, S("article", "wp-cities-of-north-korea")),
    ],
    # transition years: consecutive periods share their boundary year, as Rason's do
    "chongjin": [
        (None, None, 1960, "north-hamgyong", S("article", "wp-chongjin")),
        ("DirectlyGovernedCity", 1960, 1967, None, S("article", "wp-chongjin")),
        (None, 1967, 1977, "north-hamgyong", S("article", "wp-chongjin")),
        ("DirectlyGovernedCity", 1977, 1985, None, S("article", "wp-chongjin")),
        (None, 1985, None, "north-hamgyong", S("article", "wp-chongjin")),
    ],
    "hamhung": [
        (None, None, 1960, "south-hamgyong", S("article", "wp-hamhung")),
        ("DirectlyGovernedCity", 1960, 1967, None, S("article", "wp-hamhung")),
        (None, 1967, None, "south-hamgyong", S("article", "wp-hamhung")),
    ],
}


@pytest.mark.parametrize("slug", sorted(STATUS_HISTORY))
def test_status_history(graph: Graph, slug: str) -> None:
    assert periods(graph, slug) == STATUS_HISTORY[slug]


def claims(graph: Graph, slug: str, predicate: URIRef) -> set[tuple]:
    """(value, rank local name, sources) of every claim of `predicate` on `slug`."""
    found = set()
    for claim in graph.objects(e(slug), NKKG.claim):
        if graph.value(claim, NKKG.claimProperty) != predicate:
            continue
        sources = frozenset(
            str(s).removeprefix(ID + "source-") for s in graph.objects(claim, NKKG.source)
        )
        rank = str(graph.value(claim, NKKG.rank)).removeprefix(str(NKKG))
        value = graph.value(claim, NKKG.claimValue)
        found.add((value if isinstance(value, URIRef) else value.toPython(), rank, sources))
    return found


def test_pyongyang_population_conflict(graph: Graph) -> None:
    assert claims(graph, "pyongyang", NKKG.population) == {
        (3255288, "PreferredRank", S("article", "wp-pyongyang")),
        (3255388, "NormalRank", S("article")),
    }
    assert values(graph, "pyongyang", NKKG.population) == {Literal(3255288)}


def test_kaesong_kind_conflict(graph: Graph) -> None:
    assert claims(graph, "kaesong", RDF.type) == {
        (NKKG.SpecialCity, "PreferredRank", S("article")),
        (NKKG.SpecialLevelCity, "NormalRank", S("article")),
    }


LETTER_SOURCES = S("iso3166-updates", "iso-3166-2-kp", "statoids-kp")


def test_iso_codes_keep_the_articles_claims(graph: Graph) -> None:
    assert claims(graph, "nampo", NKKG.isoCode) == {
        ("KP-14", "PreferredRank", S("iso-3166-2-kp", "iso3166-updates")),
        ("KP-NAM", "NormalRank", LETTER_SOURCES),
        ("KP-??", "NormalRank", S("article")),
    }
    # the article's "none" is a no-value claim, not a code string
    assert claims(graph, "kaesong", NKKG.isoCode) == {
        ("KP-15", "PreferredRank", S("iso-3166-2-kp", "iso3166-updates")),
        ("KP-KAE", "NormalRank", LETTER_SOURCES),
        (NKKG.NoValue, "NormalRank", S("article")),
    }


def test_rason_population_claims(graph: Graph) -> None:
    assert claims(graph, "rason", NKKG.population) == {
        (205000, "PreferredRank", S("article", "wp-rason")),
        (196954, "NormalRank", S("wp-rason")),
    }
    census = next(
        c
        for c in graph.objects(e("rason"), NKKG.claim)
        if graph.value(c, NKKG.claimValue) == Literal(196954)
    )
    # the Rason article gives the census year, not its day
    assert graph.value(census, NKKG.pointInTime) == Literal("2008", datatype=XSD.gYear)


def test_kaesong_seat_is_unknown_not_absent(graph: Graph) -> None:
    assert claims(graph, "kaesong", NKKG.seat) == {(NKKG.UnknownValue, "NormalRank", S("article"))}


def test_nampo_year_of_assignment_conflict(graph: Graph) -> None:
    got = {(str(v), r, s) for v, r, s in claims(graph, "nampo", NKKG.yearOfAssignment)}
    assert got == {("2011", "PreferredRank", S("article")), ("2010", "NormalRank", S("wp-nampo"))}


PROVINCES = {
    "south-pyongan": ("South Pyongan", "KP-02", "Q109380"),
    "north-pyongan": ("North Pyongan", "KP-03", "Q109348"),
    "chagang": ("Chagang", "KP-04", "Q272406"),
    "south-hwanghae": ("South Hwanghae", "KP-05", "Q626052"),
    "north-hwanghae": ("North Hwanghae", "KP-06", "Q109342"),
    "kangwon": ("Kangwon", "KP-07", "Q41416"),
    "south-hamgyong": ("South Hamgyong", "KP-08", "Q109368"),
    "north-hamgyong": ("North Hamgyong", "KP-09", "Q109361"),
    "ryanggang": ("Ryanggang", "KP-10", "Q110171"),
}


def test_provinces(graph: Graph) -> None:
    found = set(graph.subjects(RDF.type, NKKG.Province))
    assert found == {e(slug) for slug in PROVINCES} | {e("hwanghae")}
    for slug, (name, iso, qid) in PROVINCES.items():
        assert label(graph, e(slug), "en") == name
        assert values(graph, slug, NKKG.isoCode) == {Literal(iso)}
        links = values(graph, slug, SKOS.exactMatch)
        assert {o for o in links if str(o).startswith(WD)} == {URIRef(WD + qid)}


def test_wikidata_links(graph: Graph) -> None:
    links = {
        str(s).removeprefix(ID): str(o).removeprefix(WD)
        for s, o in graph.subject_objects(SKOS.exactMatch)
        if str(s).startswith(ID) and str(o).startswith(WD)
    }
    assert links == {
        "north-korea": "Q423",
        "pyongyang": "Q18808",
        "rason": "Q221734",
        "nampo": "Q109386",
        "kaesong": "Q109079",
        "chongjin": "Q109336",
        "hamhung": "Q109356",
        **{slug: qid for slug, (_, _, qid) in PROVINCES.items()},
    }


def test_every_claim_and_period_has_a_known_source(graph: Graph) -> None:
    sources = set(graph.subjects(RDF.type, NKKG.Source))
    assert len(sources) == len(load_dataset().sources)
    for node in [
        *graph.subjects(RDF.type, NKKG.Claim),
        *graph.subjects(RDF.type, NKKG.StatusPeriod),
    ]:
        cited = set(graph.objects(node, NKKG.source))
        assert cited and cited <= sources, node
