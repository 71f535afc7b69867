"""Turn the checked domain model into RDF triples, using ontology terms only.

Every claim becomes a claim node with its sources and rank; the best-ranked
values are also plain ("truthy") triples, as in Wikidata's RDF dumps. IRIs
are flat slugs under the base IRI (`pyongyang`, `pyongyang-period-2`,
`pyongyang-population-1`), which keeps them readable and keeps Turtle
writers from minting a prefix per IRI "folder" (docs/design.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from rdflib.namespace import RDF, RDFS, XSD

from kg.errors import UsageError
from kg.graph.events import event_rows
from kg.graph.ontology import load_ontology
from kg.graph.times import time_value
from kg.input.model import Claim, Claims, Dataset, Period, Point, Rank
from kg.input.properties import BY_KEY, Value
from kg.rdf.namespace import DEFAULT_BASE, GEO, GEONAMES, NKKG, WD, is_http_iri
from kg.rdf.nt import Row, iri, literal, row

_TYPE, _LABEL, _COMMENT = str(RDF.type), str(RDFS.label), str(RDFS.comment)
_N = {name: str(NKKG[name]) for name in NKKG.__annotations__}  # the ontology's IRIs as str
_RANKS = {Rank.PREFERRED: iri(_N["PreferredRank"]), Rank.NORMAL: iri(_N["NormalRank"])}
_DT = {
    k: str(v)
    for k, v in (
        ("boolean", XSD.boolean),
        ("decimal", XSD.decimal),
        ("integer", XSD.integer),
        ("date", XSD.date),
        ("gYear", XSD.gYear),
        ("gYearMonth", XSD.gYearMonth),
    )
}
_WKT = str(GEO.wktLiteral)


def check_base(base: str) -> str:
    """A base IRI must be absolute http(s) and end in '/' or '#' so slugs append cleanly."""
    if not (is_http_iri(base) and base.endswith(("/", "#"))):
        raise UsageError(f"invalid base IRI '{base}': expected an http(s) IRI ending in '/' or '#'")
    return base


def rows(dataset: Dataset, base: str = DEFAULT_BASE) -> Iterator[Row]:
    """All data triples as rows (subject IRI, predicate IRI, object in N-Triples), in input order.

    Plain strings, no rdflib or pyoxigraph objects per triple: at 100,000
    records that is the difference between seconds and minutes (issue 11).
    """
    check_base(base)
    n = _N
    for source in dataset.sources:
        node = f"{base}source-{source.id}"
        yield node, _TYPE, iri(n["Source"])
        yield node, _LABEL, literal(source.title, lang="en")
        yield node, n["url"], iri(source.url)
    for kind in dataset.kinds:
        yield from _claims(n[kind.id], f"{base}{kind.id}", kind.claims, base)
    provinces = {r.id for r in dataset.records if any(c.value == "Province" for c in r.claims.kind)}
    for record in dataset.records:
        subject = base + record.id
        yield from _claims(subject, subject, record.claims, base)
        for number, period in enumerate(record.periods, start=1):
            node = f"{subject}-period-{number}"
            yield subject, n["statusPeriod"], iri(node)
            yield from _period(node, period, base, provinces)
        if record.point is not None:
            yield from _point(subject, f"{subject}-point", record.point, base)
    yield from event_rows(dataset, base)


def _claims(subject: str, prefix: str, claims: Claims, base: str) -> Iterator[Row]:
    n = _N
    for prop, items in claims.items():
        predicate = str(BY_KEY[prop].predicate)
        slug = prop.replace("_", "-")
        preferred = {c.lang for c in items if c.rank is Rank.PREFERRED}
        for number, claim in enumerate(items, start=1):
            node = f"{prefix}-{slug}-{number}"
            value = (
                iri(n["UnknownValue"])
                if claim.unknown
                else iri(n["NoValue"])
                if claim.novalue
                else _value(prop, claim, base)
            )
            yield subject, n["claim"], iri(node)
            yield node, _TYPE, iri(n["Claim"])
            yield node, n["claimProperty"], iri(predicate)
            yield node, n["claimValue"], value
            yield node, n["rank"], _RANKS[claim.rank]
            for source in claim.source:
                yield node, n["source"], f"<{base}source-{source}>"
            if claim.as_of is not None:
                yield node, n["pointInTime"], _time(claim.as_of)
            if claim.since is not None:
                yield node, n["startTime"], _time(claim.since)
            if claim.until is not None:
                yield node, n["endTime"], _time(claim.until)
            if claim.note is not None:
                yield node, _COMMENT, literal(claim.note, lang="en")
            # truthy: the preferred value, or every normal one where none is preferred
            best = claim.rank is Rank.PREFERRED or claim.lang not in preferred
            if best and not claim.unknown and not claim.novalue:
                yield subject, predicate, value


def _value(prop: str, claim: Claim, base: str) -> str:
    value: Any = claim.value
    kind = BY_KEY[prop].value
    if kind is Value.KIND:
        return iri(_N[value])
    if kind is Value.REF:
        return iri(base + value)
    if kind is Value.QID:
        return iri(f"{WD}{value}")
    if kind is Value.GEONAMES:
        return iri(f"{GEONAMES}{value}/")
    if kind is Value.BOOLEAN:
        return literal("true" if value else "false", datatype=_DT["boolean"])
    if claim.lang is not None:
        return literal(str(value), lang=claim.lang.lower())
    if kind is Value.YEAR:
        return gyear(value)
    if isinstance(value, Decimal):
        return literal(f"{value:f}", datatype=_DT["decimal"])
    if isinstance(value, bool):
        return literal("true" if value else "false", datatype=_DT["boolean"])
    if isinstance(value, int):
        return literal(str(value), datatype=_DT["integer"])
    if isinstance(value, str):
        return literal(value)
    raise TypeError(f"no RDF literal for {value!r}")  # the model admits no other values


def gyear(value: int) -> str:
    """An xsd:gYear literal, zero-padded as XML Schema wants (as kg.graph.terms.gyear)."""
    return literal(f"{value:04d}", datatype=_DT["gYear"])


def _time(value: int | str | datetime.date) -> str:
    if isinstance(value, int):
        return gyear(value)
    if isinstance(value, str):  # a month, "1946-09"
        return literal(value, datatype=_DT["gYearMonth"])
    return literal(value.isoformat(), datatype=_DT["date"])


def _period(node: str, period: Period, base: str, provinces: set[str]) -> Iterator[Row]:
    n = _N
    yield node, _TYPE, iri(n["StatusPeriod"])
    if period.kind is not None:
        yield node, n["kind"], iri(n[period.kind])
    if period.start is not None:
        yield node, n["startYear"], gyear(period.start)
    if period.end is not None:
        yield node, n["endYear"], gyear(period.end)
    if period.start_date is not None:
        yield node, n["startDate"], iri(f"{node}-start")
        yield from time_value(f"{node}-start", period.start_date)
    if period.end_date is not None:
        yield node, n["endDate"], iri(f"{node}-end")
        yield from time_value(f"{node}-end", period.end_date)
    if period.province is not None:
        # the parent at both levels; a province also by the first-level predicate
        yield node, n["withinDivision"], iri(base + period.province)
        if period.province in provinces:
            yield node, n["withinProvince"], iri(base + period.province)
    for source in period.source:
        yield node, n["source"], f"<{base}source-{source}>"
    if period.note is not None:
        yield node, _COMMENT, literal(period.note, lang="en")


POINT_NOTE = "A representative point of the place, not a boundary and not a centroid."


def _point(subject: str, node: str, point: Point, base: str) -> Iterator[Row]:
    """A GeoSPARQL geometry with a named node, so that output stays byte-identical."""
    yield subject, str(GEO.hasGeometry), iri(node)
    yield node, _TYPE, iri(str(GEO.Geometry))
    yield node, str(GEO.asWKT), literal(f"POINT({point.lon} {point.lat})", datatype=_WKT)
    yield node, _COMMENT, literal(POINT_NOTE, lang="en")
    if point.note is not None:
        yield node, _COMMENT, literal(point.note, lang="en")
    for source in point.source:
        yield node, _N["source"], f"<{base}source-{source}>"


@cache
def ontology_rows() -> tuple[Row, ...]:
    """The packaged ontology's triples as rows (read once per process)."""
    return tuple(row(t) for t in load_ontology())
