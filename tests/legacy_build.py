"""The build path before issue 11 (rdflib terms, an rdflib Graph, sorting on str()/n3()), frozen.

tests/test_build_rows.py checks that the streaming path writes exactly these bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kg.graph import formats
from kg.graph.events import derive_events
from kg.graph.namespace import DEFAULT_BASE, GEO, GEONAMES, NKKG, WD, prefixes
from kg.graph.ontology import load_ontology
from kg.graph.terms import gyear, to_oxigraph
from kg.input.model import Claim, Claims, Dataset, EventKind, Period, Point, Rank
from kg.input.properties import BY_KEY, Value

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_RANKS = {Rank.PREFERRED: NKKG.PreferredRank, Rank.NORMAL: NKKG.NormalRank}


def triples(dataset: Dataset, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """All data triples, in input order (serializers sort them)."""
    for source in dataset.sources:
        node = URIRef(f"{base}source-{source.id}")
        yield node, RDF.type, NKKG.Source
        yield node, RDFS.label, Literal(source.title, lang="en")
        yield node, NKKG.url, URIRef(source.url)
    for kind in dataset.kinds:
        yield from _claims(NKKG[kind.id], f"{base}{kind.id}", kind.claims, base)
    for record in dataset.records:
        subject = URIRef(base + record.id)
        yield from _claims(subject, base + record.id, record.claims, base)
        for number, period in enumerate(record.periods, start=1):
            node = URIRef(f"{base}{record.id}-period-{number}")
            yield subject, NKKG.statusPeriod, node
            yield from _period(node, period, base)
        if record.point is not None:
            yield from _point(subject, URIRef(f"{base}{record.id}-point"), record.point, base)
    yield from event_triples(dataset, base)


def _claims(subject: URIRef, prefix: str, claims: Claims, base: str) -> Iterator[Triple]:
    for prop, items in claims.items():
        predicate = BY_KEY[prop].predicate
        slug = prop.replace("_", "-")
        preferred = {c.lang for c in items if c.rank is Rank.PREFERRED}
        for number, claim in enumerate(items, start=1):
            node = URIRef(f"{prefix}-{slug}-{number}")
            value = (
                NKKG.UnknownValue
                if claim.unknown
                else NKKG.NoValue
                if claim.novalue
                else _value(prop, claim, base)
            )
            yield subject, NKKG.claim, node
            yield node, RDF.type, NKKG.Claim
            yield node, NKKG.claimProperty, predicate
            yield node, NKKG.claimValue, value
            yield node, NKKG.rank, _RANKS[claim.rank]
            for source in claim.source:
                yield node, NKKG.source, URIRef(f"{base}source-{source}")
            if claim.as_of is not None:
                yield node, NKKG.pointInTime, _time(claim.as_of)
            if claim.since is not None:
                yield node, NKKG.startTime, _time(claim.since)
            if claim.until is not None:
                yield node, NKKG.endTime, _time(claim.until)
            if claim.note is not None:
                yield node, RDFS.comment, Literal(claim.note, lang="en")
            # truthy: the preferred value, or every normal one where none is preferred
            best = claim.rank is Rank.PREFERRED or claim.lang not in preferred
            if best and not claim.unknown and not claim.novalue:
                yield subject, predicate, value


def _value(prop: str, claim: Claim, base: str) -> URIRef | Literal:
    value: Any = claim.value
    kind = BY_KEY[prop].value
    if kind is Value.KIND:
        return NKKG[value]
    if kind is Value.REF:
        return URIRef(base + value)
    if kind is Value.QID:
        return WD[value]
    if kind is Value.GEONAMES:
        return GEONAMES[f"{value}/"]
    if kind is Value.BOOLEAN:
        return Literal(value, datatype=XSD.boolean)
    if claim.lang is not None:
        return Literal(value, lang=claim.lang.lower())
    if kind is Value.YEAR:
        return gyear(value)
    if isinstance(value, Decimal):
        return Literal(value, datatype=XSD.decimal)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(value)


def _time(value: int | datetime.date) -> Literal:
    if isinstance(value, int):
        return gyear(value)
    return Literal(value.isoformat(), datatype=XSD.date)


def _period(node: URIRef, period: Period, base: str) -> Iterator[Triple]:
    yield node, RDF.type, NKKG.StatusPeriod
    if period.kind is not None:
        yield node, NKKG.kind, NKKG[period.kind]
    if period.start is not None:
        yield node, NKKG.startYear, gyear(period.start)
    if period.end is not None:
        yield node, NKKG.endYear, gyear(period.end)
    if period.province is not None:
        yield node, NKKG.withinProvince, URIRef(base + period.province)
    for source in period.source:
        yield node, NKKG.source, URIRef(f"{base}source-{source}")
    if period.note is not None:
        yield node, RDFS.comment, Literal(period.note, lang="en")


POINT_NOTE = "A representative point of the place, not a boundary and not a centroid."


def _point(subject: URIRef, node: URIRef, point: Point, base: str) -> Iterator[Triple]:
    """A GeoSPARQL geometry with a named node, so that output stays byte-identical."""
    yield subject, GEO.hasGeometry, node
    yield node, RDF.type, GEO.Geometry
    yield node, GEO.asWKT, Literal(f"POINT({point.lon} {point.lat})", datatype=GEO.wktLiteral)
    yield node, RDFS.comment, Literal(POINT_NOTE, lang="en")
    if point.note is not None:
        yield node, RDFS.comment, Literal(point.note, lang="en")
    for source in point.source:
        yield node, NKKG.source, URIRef(f"{base}source-{source}")


def old_build_graph(
    dataset: Dataset, base: str = DEFAULT_BASE, *, include_ontology: bool = True
) -> Graph:
    """The graph `nkkg build` writes: the data, with the ontology merged in by default.

    Merging makes the output self-contained: a triplestore that loads the one
    file has the class hierarchy and kind names the saved queries use.
    """
    graph = load_ontology() if include_ontology else Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples(dataset, base))
    return graph


def event_triples(dataset: Dataset, base: str) -> Iterator[Triple]:
    """The curated events, then the derived ones, each a typed node with year and sources."""
    for event in dataset.events:
        node = URIRef(f"{base}event-{event.id}")
        yield from _event(node, event.kind, event.year, event.before, event.after, base)
        for source in event.source:
            yield node, NKKG.source, URIRef(f"{base}source-{source}")
        if event.note is not None:
            yield node, RDFS.comment, Literal(event.note, lang="en")
    for record in dataset.records:
        for derived in derive_events(record):
            node = URIRef(f"{base}{record.id}-change-{derived.number}")
            yield from _event(node, derived.kind, derived.year, derived.before, derived.after, base)
            yield node, NKKG.fromPeriod, URIRef(f"{base}{record.id}-period-{derived.number}")
            yield node, NKKG.toPeriod, URIRef(f"{base}{record.id}-period-{derived.number + 1}")
            for source in derived.sources:
                yield node, NKKG.source, URIRef(f"{base}source-{source}")


def _event(
    node: URIRef,
    kind: EventKind,
    year: int,
    before: tuple[str, ...],
    after: tuple[str, ...],
    base: str,
) -> Iterator[Triple]:
    yield node, RDF.type, NKKG[kind.value]
    yield node, NKKG.year, gyear(year)
    for division in before:
        yield node, NKKG.before, URIRef(base + division)
    for division in after:
        yield node, NKKG.after, URIRef(base + division)


def _sort_key(triple: tuple[Node, Node, Node]) -> tuple[str, bool, str, str]:
    # str(), not n3(): "<x>" would sort after "<x-1>" and split a subject's block
    s, p, o = triple
    return (str(s), p != RDF.type, str(p), o.n3())


def sorted_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """The triples in nkkg's output order, as pyoxigraph triples."""
    return [
        ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in sorted(triples, key=_sort_key)
    ]


def graph_name(base: str) -> ox.NamedNode:
    """The named graph that dataset formats (TriG, N-Quads) put the triples in."""
    return ox.NamedNode(base.rstrip("/#"))


def old_serialize(
    graph: Graph | Iterable[tuple[Node, Node, Node]],
    fmt: str | formats.RdfFormat = "turtle",
    base: str = DEFAULT_BASE,
) -> bytes:
    """The graph in one of the registry's formats, with the same bytes for the same triples."""
    return serialize_sorted(sorted_triples(graph), fmt, base)


def serialize_sorted(
    triples: list[ox.Triple], fmt: str | formats.RdfFormat = "turtle", base: str = DEFAULT_BASE
) -> bytes:
    """Triples already in sorted_triples() order, written in one of the registry's formats."""
    rdf_format = fmt if isinstance(fmt, formats.RdfFormat) else formats.get(fmt)
    items: list[ox.Triple] | list[ox.Quad] = triples
    if rdf_format.datasets:  # a named graph, so the file can sit beside others in a dataset
        name = graph_name(base)
        items = [ox.Quad(t.subject, t.predicate, t.object, name) for t in items]
    names = prefixes(base) if rdf_format.prefixes else None
    written = ox.serialize(items, format=rdf_format.oxigraph, prefixes=names)
    assert written is not None  # no output file given: pyoxigraph returns the bytes
    return written
