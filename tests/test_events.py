"""Change events: curated ones with their sources, derived ones from consecutive periods.

Expected events are written out from the province articles and the cities'
status histories (facts of the sources), not read from the data files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.errors import DataError
from kg.graph.events import derive_events
from kg.input.loader import load_dataset
from kg.input.model import EventKind
from kg.rdf.namespace import DEFAULT_BASE, NKKG
from tests.second_level import unit_event_rows, unit_events_of
from tests.support.queries import packaged_query

ID = DEFAULT_BASE
ENGINES = ("rdflib", "oxigraph")


def e(slug: str) -> URIRef:
    return URIRef(ID + slug)


def src(slug: str) -> URIRef:
    return URIRef(f"{ID}source-{slug}")


# ---------------------------------------------------------------- changes-in-year


@pytest.mark.parametrize("engine", ENGINES)
def test_changes_in_1954_are_the_hwanghae_split_and_ryanggangs_creation(engine: str) -> None:
    result = packaged_query("changes-in-year", {"year": 1954}, engine=engine)
    assert result.variables == ["event", "type", "role", "item", "label", "level"]
    # the units' transfer and rename of 1954 are second-level changes, the rest first-level
    units = {e("event-ryanggang-units-1954"), e("event-paekam-renamed-1954")}
    assert {str(row[5]) for row in result.rows if row[0] not in units} == {"first"}
    assert {str(row[5]) for row in result.rows if row[0] in units} == {"second"}
    found = {(row[0], row[1], row[2].toPython(), row[3]) for row in result.rows}
    split, ryanggang = e("event-hwanghae-split-1954"), e("event-ryanggang-formed-1954")
    assert found == {
        (split, NKKG.Split, "before", e("hwanghae")),
        (split, NKKG.Split, "after", e("north-hwanghae")),
        (split, NKKG.Split, "after", e("south-hwanghae")),
        (split, NKKG.Split, "source", src("wp-hwanghae")),
        (split, NKKG.Split, "source", src("wp-north-hwanghae")),
        (split, NKKG.Split, "source", src("wp-south-hwanghae")),
        (ryanggang, NKKG.Separation, "before", e("south-hamgyong")),
        (ryanggang, NKKG.Separation, "after", e("ryanggang")),
        (ryanggang, NKKG.Separation, "source", src("wp-ryanggang")),
        (ryanggang, NKKG.Separation, "source", src("wp-provinces-of-korea")),
    } | unit_event_rows(1954)  # the units that moved into Ryanggang (events.yaml)
    ryanggang_units = e("event-ryanggang-units-1954")
    assert {(ryanggang_units, NKKG.Transfer, "before", e("south-hamgyong")),
            (ryanggang_units, NKKG.Transfer, "after", e("ryanggang"))} <= found  # fmt: skip
    labels = {row[3]: str(row[4]) for row in result.rows}
    assert labels[e("north-hwanghae")] == "North Hwanghae"
    assert labels[src("wp-ryanggang")] == "Ryanggang Province (English Wikipedia)"


def events_of(year: int) -> set[tuple[URIRef, URIRef, frozenset, frozenset]]:
    result = packaged_query("changes-in-year", {"year": year})
    by_event: dict[URIRef, tuple[URIRef, set, set]] = {}
    for event, kind, role, item, _label, _level in result.rows:
        _, before, after = by_event.setdefault(event, (kind, set(), set()))
        if str(role) == "before":
            before.add(item)
        elif str(role) == "after":
            after.add(item)
    return {(ev, k, frozenset(b), frozenset(a)) for ev, (k, b, a) in by_event.items()}


def test_changes_of_1946_1949_and_1967() -> None:
    assert events_of(1946) == {
        (e("event-pyongyang-separated-1946"), NKKG.Separation,
         frozenset({e("south-pyongan")}), frozenset({e("pyongyang")})),
        (e("event-wonsan-area-to-kangwon-1946"), NKKG.TerritoryChange,
         frozenset({e("south-hamgyong")}), frozenset({e("kangwon")})),
    } | unit_events_of(1946)  # fmt: skip
    assert events_of(1949) == {
        (e("event-chagang-formed-1949"), NKKG.Separation,
         frozenset({e("north-pyongan")}), frozenset({e("chagang")})),
    } | unit_events_of(1949)  # fmt: skip
    # the counties that formed Chagang, moved from North Pyongan by one curated transfer
    assert (e("event-north-pyongan-counties-to-chagang-1949"), NKKG.Transfer,
            frozenset({e("north-pyongan")}),
            frozenset({e("chagang")})) in unit_events_of(1949)  # fmt: skip
    # derived: Chongjin and Hamhung went back into their provinces in 1967
    assert events_of(1967) == {
        (e("chongjin-change-2"), NKKG.Absorption,
         frozenset({e("chongjin")}), frozenset({e("north-hamgyong")})),
        (e("hamhung-change-2"), NKKG.Absorption,
         frozenset({e("hamhung")}), frozenset({e("south-hamgyong")})),
    } | unit_events_of(1967)  # fmt: skip


def test_derived_event_carries_the_periods_sources(graph: Graph) -> None:
    event = e("chongjin-change-2")
    assert (event, RDF.type, NKKG.Absorption) in graph
    assert graph.value(event, NKKG.year) == Literal("1967", datatype=XSD.gYear)
    assert graph.value(event, NKKG.fromPeriod) == e("chongjin-period-2")
    assert graph.value(event, NKKG.toPeriod) == e("chongjin-period-3")
    assert set(graph.objects(event, NKKG.source)) == {src("article"), src("wp-chongjin")}


def test_derived_kinds_follow_the_periods() -> None:
    records = {r.id: r for r in load_dataset().records}
    assert [(d.kind, d.year, d.before, d.after) for d in derive_events(records["kaesong"])] == [
        (EventKind.CHANGE_OF_KIND, 1955, ("kaesong",), ("kaesong",)),
        (EventKind.ABSORPTION, 2003, ("kaesong",), ("north-hwanghae",)),
        (EventKind.SEPARATION, 2019, ("north-hwanghae",), ("kaesong",)),
    ]
    # Rason inside North Hamgyong 2004-2009, a special city from 2010: the later start counts
    assert [(d.kind, d.year) for d in derive_events(records["rason"])] == [
        (EventKind.SEPARATION, 1993),
        (EventKind.ABSORPTION, 2004),
        (EventKind.SEPARATION, 2010),
    ]


# ---------------------------------------------------------------- successors


@pytest.mark.parametrize("engine", ENGINES)
def test_successors_of_hwanghae(engine: str) -> None:
    result = packaged_query("successors", {"division": "hwanghae"}, engine=engine)
    assert result.variables == ["successor", "name", "change", "steps", "year"]
    assert [(r[0], str(r[1]), str(r[2]), int(r[3]), str(r[4])) for r in result.rows] == [
        (e("north-hwanghae"), "North Hwanghae", "split", 1, "1954"),
        (e("south-hwanghae"), "South Hwanghae", "split", 1, "1954"),
    ]


def rows_of(division: str, engine: str) -> list[tuple[str, str, int, str]]:
    result = packaged_query("successors", {"division": division}, engine=engine)
    return [(str(r[0]).rsplit("/", 1)[1], str(r[2]), int(r[3]), str(r[4])) for r in result.rows]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_separation_gives_a_successor_with_its_role(engine: str) -> None:
    # Ryanggang was separated from South Hamgyong in 1954, Hamhung in 1960
    # (absorbed back in 1967: a part that returned is still a successor of 1960)
    assert rows_of("south-hamgyong", engine) == [
        ("hamhung", "separation", 1, "1960"),
        ("ryanggang", "separation", 1, "1954"),
    ]
    # Chagang separated from North Pyongan, which went on
    assert rows_of("north-pyongan", engine) == [
        ("chagang", "separation", 1, "1949"),
        ("sinuiju-special-administrative-region", "separation", 1, "2002"),
    ]
    # Kaesong: its industrial region separated in 2002; absorbed into North Hwanghae in 2003
    assert rows_of("kaesong", engine) == [
        ("kaesong-industrial-region", "separation", 1, "2002"),
        ("north-hwanghae", "absorption", 1, "2003"),
    ]


# ---------------------------------------------------------------- bad events in the input


def write_events(data: Path, text: str) -> None:
    (data / "events.yaml").write_text(text, encoding="utf-8")


def test_an_event_naming_an_unknown_division_is_one_error_line(data_copy: Path) -> None:
    write_events(
        data_copy,
        "- {id: x, kind: Split, year: 1954, before: hwanghae, after: [north-hwanghea],"
        " source: wp-north-hwanghae}\n",
    )
    with pytest.raises(DataError) as err:
        load_dataset(data_copy)
    assert str(err.value) == (
        f"{data_copy / 'events.yaml'}, record 'x', field 'after[0]': "
        "unknown record id 'north-hwanghea'"
    )


def test_an_event_citing_a_source_that_does_not_cover_it(data_copy: Path) -> None:
    # the Nampo article says nothing about Hwanghae
    write_events(
        data_copy,
        "- {id: x, kind: Split, year: 1954, before: hwanghae,"
        " after: [north-hwanghae, south-hwanghae], source: wp-nampo}\n",
    )
    with pytest.raises(DataError) as err:
        load_dataset(data_copy)
    assert str(err.value) == (
        f"{data_copy / 'events.yaml'}, record 'x', field 'source': source 'wp-nampo' does not "
        "cover events of hwanghae, north-hwanghae, south-hwanghae (see its 'covers' in "
        "sources.yaml)"
    )


def test_an_event_of_an_unknown_kind(data_copy: Path) -> None:
    write_events(
        data_copy, "- {id: x, kind: Promotion, year: 1954, before: hwanghae, source: article}\n"
    )
    with pytest.raises(DataError) as err:
        load_dataset(data_copy)
    assert str(err.value).startswith(
        f"{data_copy / 'events.yaml'}, record 'x', field 'kind': Input should be "
    )
