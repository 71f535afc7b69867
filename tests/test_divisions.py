"""Every first-level division since 1945: provinces, Hwanghae, the zones, codes over time, points.

Expected values are written out from the sources (the provinces' table, the
province articles, ISO 3166-2:KP and its change log, GeoNames), not read from
the data files; the shared province facts are in province_facts.py.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from province_facts import FIRST_YEAR, HWANGHAE_YEARS, ISO_FORMS, PROVINCES
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.rdf.namespace import DEFAULT_BASE, GEO, NKKG
from kg.sparql import run_query
from tests.support.queries import packaged_query

ID = DEFAULT_BASE
ENGINES = ("rdflib", "oxigraph")


def e(slug: str) -> URIRef:
    return URIRef(ID + slug)


def labels(graph: Graph, slug: str) -> dict[str, str]:
    return {str(o.language): str(o) for o in graph.objects(e(slug), RDFS.label)}


# ---------------------------------------------------------------- first-level divisions by year

PROVINCE, DGC, SC = "Province", "DirectlyGovernedCity", "SpecialCity"
P1945 = {
    "north-pyongan": PROVINCE, "south-pyongan": PROVINCE, "hwanghae": PROVINCE,
    "kangwon": PROVINCE, "south-hamgyong": PROVINCE, "north-hamgyong": PROVINCE,
}  # fmt: skip
NINE = {
    "north-pyongan": PROVINCE, "south-pyongan": PROVINCE, "north-hwanghae": PROVINCE,
    "south-hwanghae": PROVINCE, "kangwon": PROVINCE, "south-hamgyong": PROVINCE,
    "north-hamgyong": PROVINCE, "chagang": PROVINCE, "ryanggang": PROVINCE,
}  # fmt: skip
# Years inclusive, consecutive periods sharing their boundary year. Kaesong was
# a Region (chigu) 1951-1955, not first-level; the three zones of 2002 are left
# out, as their preferred claim says they are not first-level.
IN_YEAR: dict[int, dict[str, str]] = {
    1946: {**P1945, "pyongyang": DGC},  # Pyongyang separated from South Pyongan in 1946
    1950: {**P1945, "chagang": PROVINCE, "pyongyang": DGC},  # Chagang formed 1949
    1953: {**P1945, "chagang": PROVINCE, "pyongyang": DGC},
    1955: {**NINE, "pyongyang": DGC, "kaesong": DGC},  # Hwanghae split, Ryanggang in 1954
    1970: {**NINE, "pyongyang": DGC, "kaesong": DGC},  # Chongjin, Hamhung: 1960-1967
    2000: {**NINE, "pyongyang": DGC, "kaesong": DGC, "nampo": DGC, "rason": DGC},
    2015: {**NINE, "pyongyang": DGC, "rason": SC, "nampo": SC},  # Kaesong in N. Hwanghae
    2024: {**NINE, "pyongyang": DGC, "rason": SC, "nampo": SC, "kaesong": SC},
}
ENGLISH = {slug: facts[0] for slug, facts in PROVINCES.items()} | {
    "hwanghae": "Hwanghae", "pyongyang": "Pyongyang", "kaesong": "Kaesong", "nampo": "Nampo",
    "rason": "Rason",
}  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("when", sorted(IN_YEAR))
def test_first_level_divisions_in_year(when: int, engine: str) -> None:
    result = packaged_query("first-level-divisions-in-year", {"year": when}, engine=engine)
    assert result.variables == ["division", "name", "kind"]
    expected = [
        (e(slug), Literal(ENGLISH[slug], lang="en"), NKKG[kind])
        for slug, kind in sorted(IN_YEAR[when].items(), key=lambda item: ID + item[0])
    ]
    assert list(result.rows) == expected


def test_a_zone_counts_once_its_preferred_claim_says_first_level(graph: Graph) -> None:
    changed = Graph()
    changed += graph
    zone = e("mount-kumgang-tourist-region")
    changed.set((zone, NKKG.firstLevel, Literal(True)))
    rows = run_query("first-level-divisions-in-year", {"year": 2015}, graph=changed).rows
    assert (zone, Literal("Mount Kumgang Tourist Region", lang="en"), NKKG.TouristRegion) in rows
    packaged = packaged_query("first-level-divisions-in-year", {"year": 2015}).rows
    assert zone not in [r[0] for r in packaged]


def test_1954_has_hwanghae_and_its_successors() -> None:
    divisions = {r[0] for r in packaged_query("first-level-divisions-in-year", {"year": 1954}).rows}
    assert {e("hwanghae"), e("north-hwanghae"), e("south-hwanghae"), e("ryanggang")} <= divisions


# ---------------------------------------------------------------- provinces


def test_provinces_names_census_areas_capitals(graph: Graph) -> None:
    for slug, facts in PROVINCES.items():
        english, hangul, hancha, mr, capital, population, area, infobox = facts[:8]
        iso = {"ko-latn-x-iso": ISO_FORMS[slug]} if slug in ISO_FORMS else {}
        assert labels(graph, slug) == {
            "en": english, "ko-hang": hangul, "ko-hani": hancha, "ko-latn-x-mr": mr, **iso,
        }  # fmt: skip
        assert set(graph.objects(e(slug), NKKG.population)) == {Literal(population)}
        assert set(graph.objects(e(slug), NKKG.areaKm2)) == {Literal(area, datatype=XSD.decimal)}
        assert set(graph.objects(e(slug), NKKG.capital)) == {e(capital)}
        assert (e(capital), NKKG.locatedIn, e(slug)) in graph
        assert (e(capital), RDF.type, NKKG.City) in graph
        if capital not in ("hamhung", "chongjin"):  # the two former first-level cities
            assert not list(graph.objects(e(capital), SKOS.exactMatch)), "no QID is sourced"
        claims = area_claims(graph, slug)
        if infobox is None:
            assert claims == {(area, NKKG.NormalRank)}
        else:
            assert claims == {(area, NKKG.PreferredRank), (infobox, NKKG.NormalRank)}


def area_claims(graph: Graph, slug: str) -> set[tuple[Decimal, URIRef]]:
    found = set()
    for claim in graph.objects(e(slug), NKKG.claim):
        if graph.value(claim, NKKG.claimProperty) == NKKG.areaKm2:
            value = graph.value(claim, NKKG.claimValue)
            assert isinstance(value, Literal)
            found.add((Decimal(str(value)), graph.value(claim, NKKG.rank)))
    return found


def test_census_claims_are_dated_2008(graph: Graph) -> None:
    for slug in PROVINCES:
        for claim in graph.objects(e(slug), NKKG.claim):
            if graph.value(claim, NKKG.claimProperty) == NKKG.population:
                assert graph.value(claim, NKKG.pointInTime) == Literal("2008", datatype=XSD.gYear)


def periods(graph: Graph, slug: str) -> list[tuple[URIRef | None, int | None, int | None]]:
    found = []
    for period in graph.objects(e(slug), NKKG.statusPeriod):
        start, end = graph.value(period, NKKG.startYear), graph.value(period, NKKG.endYear)
        found.append(
            (
                graph.value(period, NKKG.kind),
                int(str(start)) if start is not None else None,
                int(str(end)) if end is not None else None,
            )
        )
    return found


def test_province_periods(graph: Graph) -> None:
    for slug, first in FIRST_YEAR.items():
        assert periods(graph, slug) == [(NKKG.Province, first, None)], slug
    assert periods(graph, "hwanghae") == [(NKKG.Province, *HWANGHAE_YEARS)]
    assert labels(graph, "hwanghae") == {
        "en": "Hwanghae", "ko-hang": "황해도", "ko-hani": "黃海道", "ko-latn-x-mr": "Hwanghae-do",
    }  # fmt: skip
    assert set(graph.objects(e("hwanghae"), NKKG.capital)) == {e("haeju")}


def test_located_in_the_country_dated_where_sources_allow(graph: Graph) -> None:
    dated = {}
    for slug in [*PROVINCES, "hwanghae"]:
        for claim in graph.objects(e(slug), NKKG.claim):
            if graph.value(claim, NKKG.claimProperty) == NKKG.locatedIn:
                assert graph.value(claim, NKKG.claimValue) == e("north-korea")
                since = graph.value(claim, NKKG.startTime)
                until = graph.value(claim, NKKG.endTime)
                if since is not None or until is not None:
                    dated[slug] = (
                        str(since) if since is not None else None,
                        str(until) if until is not None else None,
                    )
    assert dated == {
        "chagang": ("1949", None),
        "north-hwanghae": ("1954", None),
        "south-hwanghae": ("1954", None),
        "ryanggang": ("1954", None),
        "hwanghae": (None, "1954"),
    }


# ---------------------------------------------------------------- zones


@pytest.mark.parametrize(
    ("slug", "kind", "name"),
    [
        ("kaesong-industrial-region", NKKG.IndustrialRegion, "Kaesong Industrial Region"),
        ("mount-kumgang-tourist-region", NKKG.TouristRegion, "Mount Kumgang Tourist Region"),
        ("sinuiju-special-administrative-region", NKKG.SpecialAdministrativeRegion,
         "Sinuiju Special Administrative Region"),
    ],
)  # fmt: skip
def test_zones_are_divisions_of_their_own_kind_from_2002(
    graph: Graph, slug: str, kind: URIRef, name: str
) -> None:
    assert (e(slug), RDF.type, kind) in graph
    assert labels(graph, slug)["en"] == name
    assert periods(graph, slug) == [(kind, 2002, None)]
    assert set(graph.objects(e(slug), NKKG.firstLevel)) == {Literal(False)}
    ranks = set()
    for claim in graph.objects(e(slug), NKKG.claim):
        if graph.value(claim, NKKG.claimProperty) == NKKG.firstLevel:
            ranks.add((graph.value(claim, NKKG.claimValue), graph.value(claim, NKKG.rank)))
    assert ranks == {(Literal(False), NKKG.PreferredRank), (Literal(True), NKKG.NormalRank)}


# ---------------------------------------------------------------- ISO codes over time

NUMERIC_2010 = ["KP-01", "KP-02", "KP-03", "KP-04", "KP-05", "KP-06", "KP-07", "KP-08",
                "KP-09", "KP-10", "KP-13"]  # fmt: skip
LETTER_1998 = ["KP-CHA", "KP-HAB", "KP-HAN", "KP-HWB", "KP-HWN", "KP-KAE", "KP-KAN",
               "KP-NAM", "KP-PYB", "KP-PYN", "KP-PYO", "KP-YAN"]  # fmt: skip
ISO_IN_YEAR = {
    1990: [],  # ISO 3166-2's first edition is of 1998
    2000: LETTER_1998,
    2005: sorted([*LETTER_1998, "KP-NAJ"]),  # Rason's letter code added 2002-12-10
    2010: sorted([*NUMERIC_2010, *LETTER_1998, "KP-NAJ"]),  # both, before and after 02-03
    2015: NUMERIC_2010,  # Nampo and Kaesong deleted 2010-02-03
    2017: sorted([*NUMERIC_2010, "KP-14"]),  # Nampo's KP-14 added 2017-11-23
    2024: sorted([*NUMERIC_2010, "KP-14", "KP-15"]),  # Kaesong's KP-15 added 2022-11-29
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("when", sorted(ISO_IN_YEAR))
def test_iso_codes_in_year(when: int, engine: str) -> None:
    result = packaged_query("iso-codes-in-year", {"year": when}, engine=engine)
    assert result.variables == ["code", "division", "name", "since", "until"]
    assert [str(row[0]) for row in result.rows] == ISO_IN_YEAR[when]


def test_iso_code_validity_dates(graph: Graph) -> None:
    def dates(slug: str, code: str) -> tuple[str | None, str | None]:
        for claim in graph.objects(e(slug), NKKG.claim):
            if graph.value(claim, NKKG.claimValue) == Literal(code):
                since = graph.value(claim, NKKG.startTime)
                until = graph.value(claim, NKKG.endTime)
                return (str(since) if since else None, str(until) if until else None)
        raise AssertionError(f"no claim of {code} on {slug}")

    for slug, facts in PROVINCES.items():
        assert dates(slug, facts[8]) == ("1998", "2010-02-03")
        assert dates(slug, facts[9]) == ("2010-02-03", None)
    assert dates("rason", "KP-NAJ") == ("2002-12-10", "2010-02-03")
    assert dates("nampo", "KP-NAM") == ("1998", "2010-02-03")
    assert dates("nampo", "KP-14") == ("2017-11-23", None)
    assert dates("kaesong", "KP-KAE") == ("1998", "2010-02-03")
    assert dates("kaesong", "KP-15") == ("2022-11-29", None)


def test_iso_dates_cite_the_change_log(graph: Graph) -> None:
    log = e("source-iso3166-updates")
    for claim in graph.subjects(NKKG.claimProperty, NKKG.isoCode):
        if (claim, NKKG.startTime, None) in graph or (claim, NKKG.endTime, None) in graph:
            assert (claim, NKKG.source, log) in graph, claim


# ---------------------------------------------------------------- points and GeoNames

CITY_POINTS = {
    "pyongyang": ("1871856", ("39.03385", "125.75432")),  # the division, admin1 KP.12
    "rason": ("2054927", ("42.24973", "130.31133")),
    "nampo": ("1873757", ("38.7375", "125.40778")),
    "kaesong": ("1876373", ("37.97083", "126.55444")),
    "chongjin": ("2044757", ("41.79556", "129.77583")),
    "hamhung": ("1877449", ("39.91833", "127.53639")),
}


def test_points_and_geonames_links(graph: Graph) -> None:
    expected = {slug: (f[11], f[12]) for slug, f in PROVINCES.items()} | CITY_POINTS
    for slug, (geonames, (lat, lon)) in expected.items():
        point = e(f"{slug}-point")
        assert list(graph.objects(e(slug), GEO.hasGeometry)) == [point]
        wkt = graph.value(point, GEO.asWKT)
        # the numbers as the sources print them, without trailing zeros (125.47690)
        text = f"POINT({Decimal(lon).normalize()} {Decimal(lat).normalize()})"
        assert wkt == Literal(text, datatype=GEO.wktLiteral), slug
        assert "representative point" in str(graph.value(point, RDFS.comment))
        assert list(graph.objects(point, NKKG.source)), slug
        links = {str(o) for o in graph.objects(e(slug), SKOS.exactMatch)}
        assert f"https://sws.geonames.org/{geonames}/" in links
    # Who's On First gives Rason North Hamgyong's GeoNames id: not used
    rason = {str(o) for o in graph.objects(e("rason"), SKOS.exactMatch)}
    assert "https://sws.geonames.org/2044245/" not in rason


def test_every_point_is_a_named_node(graph: Graph) -> None:
    for _subject, point in graph.subject_objects(GEO.hasGeometry):
        assert isinstance(point, URIRef) and str(point).endswith("-point")


def test_first_level_divisions_after_nkkg_load_on_oxigraph(run_nkkg) -> None:
    """The same answers from a real Oxigraph server after `nkkg load`."""
    from kg.store.oxigraph import OxigraphServer

    with OxigraphServer() as server:
        loaded = run_nkkg("load", "--store", server.store_url)
        assert loaded.returncode == 0, loaded.stderr
        for when, divisions in IN_YEAR.items():
            result = run_query(
                "first-level-divisions-in-year", {"year": when}, endpoint=server.query_url
            )
            assert [(r[0], r[2]) for r in result.rows] == [
                (e(slug), NKKG[kind])
                for slug, kind in sorted(divisions.items(), key=lambda item: ID + item[0])
            ], when
