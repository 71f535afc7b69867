"""Citations are checkable: what each source covers, ranks, no-value, and the audit's fixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.errors import DataError
from kg.input.loader import load_dataset
from kg.rdf.namespace import DEFAULT_BASE, NKKG, WD

ID = DEFAULT_BASE


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def error_of(folder: Path) -> str:
    with pytest.raises(DataError) as err:
        load_dataset(folder)
    return str(err.value)


def test_every_packaged_source_states_what_it_covers() -> None:
    for source in load_dataset().sources:
        assert source.covers is not None, source.id


def test_a_claim_citing_a_source_that_does_not_cover_it_is_refused(data_copy: Path) -> None:
    # the audit's finding: the Q423 export does not list Kaesong's item
    cities = data_copy / "cities.yaml"
    edit(
        cities,
        "{value: Q109079, source: [countries-states-cities, whosonfirst-kp]}",
        "{value: Q109079, source: [wikidata-q423-export, whosonfirst-kp]}",
    )
    assert error_of(data_copy) == (
        f"{cities}, record 'kaesong', field 'claims.wikidata[0].source': source "
        "'wikidata-q423-export' does not cover wikidata of 'kaesong' (see its 'covers' in "
        "sources.yaml)"
    )


def test_a_property_outside_the_coverage_is_refused(data_copy: Path) -> None:
    # the ISO change log gives codes, not populations
    cities = data_copy / "cities.yaml"
    edit(cities, "- {value: 308440, source: article}", "- {value: 308440, source: iso3166-updates}")
    assert error_of(data_copy) == (
        f"{cities}, record 'kaesong', field 'claims.population[0].source': source "
        "'iso3166-updates' does not cover population of 'kaesong' (see its 'covers' in "
        "sources.yaml)"
    )


def test_a_period_and_a_point_are_checked_too(data_copy: Path) -> None:
    cities = data_copy / "cities.yaml"
    edit(
        cities,
        "{kind: DirectlyGovernedCity, start: 1980, end: 2004, source: wp-nampo}",
        "{kind: DirectlyGovernedCity, start: 1980, end: 2004, source: wp-rason}",
    )
    assert error_of(data_copy) == (
        f"{cities}, record 'nampo', field 'periods[1].source': source 'wp-rason' does not "
        "cover periods of 'nampo' (see its 'covers' in sources.yaml)"
    )


def test_a_point_citing_a_source_without_points(data_copy: Path) -> None:
    cities = data_copy / "cities.yaml"
    edit(
        cities,
        "point: {lat: 37.97083, lon: 126.55444, source: geonames-cities15000}",
        "point: {lat: 37.97083, lon: 126.55444, source: wp-kaesong}",
    )
    assert error_of(data_copy) == (
        f"{cities}, record 'kaesong', field 'point.source': source 'wp-kaesong' does not "
        "cover point of 'kaesong' (see its 'covers' in sources.yaml)"
    )


# ---------------------------------------------------------------- ranks


def test_differing_values_need_a_preferred_one_unless_every_claim_says_normal(
    data_copy: Path,
) -> None:
    cities = data_copy / "cities.yaml"
    edit(
        cities,
        "{value: 627000, source: wp-chongjin, rank: normal,",
        "{value: 627000, source: wp-chongjin,",
    )
    assert error_of(data_copy) == (
        f"{cities}, record 'chongjin', field 'claims.population': conflicting values need "
        "exactly one 'rank: preferred', or 'rank: normal' stated on every claim when no source "
        "is better"
    )


def test_chongjins_two_populations_are_both_best_ranked(graph: Graph) -> None:
    plain = {int(v) for v in graph.objects(URIRef(ID + "chongjin"), NKKG.population)}
    assert plain == {667929, 627000}


# ---------------------------------------------------------------- no value, unknown value


def test_no_value_and_a_value_are_exclusive(data_copy: Path) -> None:
    cities = data_copy / "cities.yaml"
    edit(
        cities,
        "- {novalue: true, source: article,",
        "- {novalue: true, value: KP-15, source: article,",
    )
    assert error_of(data_copy) == (
        f"{cities}, record 'kaesong', field 'claims.iso_code[2]': give exactly one of a value, "
        "'unknown: true' or 'novalue: true'"
    )


def test_until_before_since_is_refused(data_copy: Path) -> None:
    cities = data_copy / "cities.yaml"
    edit(cities, "since: 2002-12-10, until: 2010-02-03", "since: 2012-12-10, until: 2010-02-03")
    assert error_of(data_copy) == (
        f"{cities}, record 'rason', field 'claims.iso_code[1]': "
        "until 2010-02-03 is before since 2012-12-10"
    )


def test_kaesong_has_no_value_and_the_seat_an_unknown_value(graph: Graph) -> None:
    kaesong = URIRef(ID + "kaesong")
    markers = {
        (graph.value(c, NKKG.claimProperty), graph.value(c, NKKG.claimValue))
        for c in graph.objects(kaesong, NKKG.claim)
        if graph.value(c, NKKG.claimValue) in (NKKG.NoValue, NKKG.UnknownValue)
    }
    assert markers == {(NKKG.isoCode, NKKG.NoValue), (NKKG.seat, NKKG.UnknownValue)}
    assert NKKG.NoValue not in set(graph.objects(kaesong, None))


# ---------------------------------------------------------------- the audit's fixes


def cited(graph: Graph, slug: str, predicate: URIRef) -> set[str]:
    found = set()
    for claim in graph.objects(URIRef(ID + slug), NKKG.claim):
        if graph.value(claim, NKKG.claimProperty) == predicate and str(
            graph.value(claim, NKKG.claimValue)
        ).startswith(str(WD)):
            found |= {
                str(s).removeprefix(ID + "source-") for s in graph.objects(claim, NKKG.source)
            }
    return found


def test_qids_cite_only_sources_that_list_them(graph: Graph) -> None:
    from rdflib.namespace import SKOS

    assert cited(graph, "kaesong", SKOS.exactMatch) == {"countries-states-cities", "whosonfirst-kp"}
    assert cited(graph, "chongjin", SKOS.exactMatch) == {"whosonfirst-kp"}
    assert cited(graph, "hamhung", SKOS.exactMatch) == {"whosonfirst-kp"}


def test_rasons_preferred_population_is_dated_by_the_rason_article(graph: Graph) -> None:
    for claim in graph.objects(URIRef(ID + "rason"), NKKG.claim):
        if graph.value(claim, NKKG.rank) == NKKG.PreferredRank and (
            graph.value(claim, NKKG.claimProperty) == NKKG.population
        ):
            assert str(graph.value(claim, NKKG.pointInTime)) == "2019"
            assert "the Rason article dates 205,000 to 2019" in str(
                graph.value(claim, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))
            )
            assert URIRef(ID + "source-wp-rason") in set(graph.objects(claim, NKKG.source))
            return
    raise AssertionError("no preferred population of Rason")


def test_pyongyangs_other_names(graph: Graph) -> None:
    from rdflib.namespace import SKOS

    alt = {str(o) for o in graph.objects(URIRef(ID + "pyongyang"), SKOS.altLabel)}
    assert alt == {"Pyongyang Chikhalsi", "Pyongyang-si"}
