"""Read the places, status periods, claims and points out of a built graph.

The tables, the geographic files, the site and `nkkg diff` all need the same
views of the graph; reading them in one place keeps those outputs consistent.
Everything is returned sorted, so the files written from it are byte-stable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.graph.namespace import DEFAULT_BASE, NKKG, WD

GEO = Namespace("http://www.opengis.net/ont/geosparql#")
GEONAMES = "https://sws.geonames.org/"
FIRST_LEVEL_KINDS = (NKKG.DirectlyGovernedCity, NKKG.SpecialCity, NKKG.SpecialLevelCity)
_POINT = re.compile(r"^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*$", re.I)


@dataclass(frozen=True)
class Period:
    """One status period: a kind held, or a province belonged to, over inclusive years."""

    iri: URIRef
    place: URIRef
    kind: URIRef | None
    start: int | None
    end: int | None
    province: URIRef | None
    sources: tuple[URIRef, ...]
    note: str | None
    start_by: int | None = None
    """The latest year a start known only by bounds can be (nkkg:startDate's latestYear)."""


@dataclass(frozen=True)
class ClaimRow:
    """One claim node: subject, property, value, rank, sources and qualifiers."""

    iri: URIRef
    subject: URIRef
    prop: URIRef
    value: Node
    rank: URIRef
    sources: tuple[URIRef, ...]
    point_in_time: str | None
    start_time: str | None
    end_time: str | None
    note: str | None


@dataclass(frozen=True)
class Point:
    lon: float
    lat: float
    wkt: str
    sources: tuple[URIRef, ...]


@dataclass
class Place:
    """A division (or the country) with its best-ranked values, as the tables show it."""

    iri: URIRef
    slug: str
    kind: URIRef
    labels: dict[str, str] = field(default_factory=dict)  # language tag -> label
    iso_code: str | None = None
    wikidata: URIRef | None = None
    geonames: URIRef | None = None
    point: Point | None = None
    values: dict[str, str] = field(default_factory=dict)  # other best-ranked values
    periods: list[Period] = field(default_factory=list)
    first_level: tuple[bool, ...] = ()  # the plain nkkg:firstLevel values (zones only)

    @property
    def on_timeline(self) -> bool:
        """A zone counts as first-level only where its plain nkkg:firstLevel is true (as the
        first-level-divisions-in-year query counts it); every other place with periods does."""
        return bool(self.periods) and (not self.first_level or True in self.first_level)

    @property
    def title(self) -> str:
        return self.labels.get("en") or next(iter(self.labels.values()), self.slug)

    @property
    def qid(self) -> str | None:
        return str(self.wikidata)[len(str(WD)) :] if self.wikidata is not None else None


def slug(iri: Node | str, base: str = DEFAULT_BASE) -> str:
    text = str(iri)
    return text[len(base) :] if text.startswith(base) else text


def display_label(graph: Graph, node: Node) -> str | None:
    """The node's English rdfs:label, else its first label by language tag.

    Not graph.value(): with labels in four scripts, which one it returns
    depends on the order the triples were added, and the release must not.
    """
    found = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
    labels: dict[str, str] = {}
    for literal in sorted(found, key=lambda o: ((o.language or "").lower(), str(o))):
        labels.setdefault((literal.language or "").lower(), str(literal))
    if not labels:
        return None
    return labels.get("en") or labels[min(labels)]


def _year(value: Node | None) -> int | None:
    return int(str(value)[:4].lstrip("0") or "0") if value is not None else None


def _text(value: Node | None) -> str | None:
    return str(value) if value is not None else None


def _sources(graph: Graph, node: Node) -> tuple[URIRef, ...]:
    return tuple(sorted(o for o in graph.objects(node, NKKG.source) if isinstance(o, URIRef)))


def division_classes(graph: Graph) -> set[Node]:
    """nkkg:AdministrativeDivision and its subclasses, as the graph's ontology declares them."""
    found = graph.transitive_subjects(RDFS.subClassOf, NKKG.AdministrativeDivision)
    return {c for c in found if c is not None}


def periods(graph: Graph, place: URIRef) -> list[Period]:
    """The place's status periods, in time order (an open start first)."""
    found = []
    for node in graph.objects(place, NKKG.statusPeriod):
        assert isinstance(node, URIRef)
        kind = graph.value(node, NKKG.kind)
        province = graph.value(node, NKKG.withinProvince)
        found.append(
            Period(
                node,
                place,
                kind if isinstance(kind, URIRef) else None,
                _year(graph.value(node, NKKG.startYear)),
                _year(graph.value(node, NKKG.endYear)),
                province if isinstance(province, URIRef) else None,
                _sources(graph, node),
                _text(graph.value(node, RDFS.comment)),
                _start_by(graph, node),
            )
        )
    return sorted(found, key=lambda p: (p.start if p.start is not None else -1, str(p.iri)))


def _start_by(graph: Graph, period: URIRef) -> int | None:
    start = graph.value(period, NKKG.startDate)
    return _year(graph.value(start, NKKG.latestYear)) if start is not None else None


def claims(graph: Graph, subject: URIRef | None = None) -> list[ClaimRow]:
    """Every claim (of one subject, if given), sorted by subject, property and claim IRI."""
    rows = []
    pairs = (
        graph.subject_objects(NKKG.claim)
        if subject is None
        else ((subject, o) for o in graph.objects(subject, NKKG.claim))
    )
    for s, node in pairs:
        assert isinstance(s, URIRef) and isinstance(node, URIRef)
        prop = graph.value(node, NKKG.claimProperty)
        rank = graph.value(node, NKKG.rank)
        value = graph.value(node, NKKG.claimValue)
        assert isinstance(prop, URIRef) and isinstance(rank, URIRef) and value is not None
        rows.append(
            ClaimRow(
                node,
                s,
                prop,
                value,
                rank,
                _sources(graph, node),
                _text(graph.value(node, NKKG.pointInTime)),
                _text(graph.value(node, NKKG.startTime)),
                _text(graph.value(node, NKKG.endTime)),
                _text(graph.value(node, RDFS.comment)),
            )
        )
    return sorted(rows, key=lambda c: (str(c.subject), str(c.prop), str(c.iri)))


def point(graph: Graph, subject: URIRef) -> Point | None:
    """The place's point from geo:hasGeometry/geo:asWKT, with the sources that state it."""
    for geometry in sorted(graph.objects(subject, GEO.hasGeometry), key=str):
        for wkt in sorted(graph.objects(geometry, GEO.asWKT), key=str):
            match = _POINT.match(str(wkt))
            if match:
                sources = set(_sources(graph, geometry))
                for c in claims(graph, subject):
                    if c.prop in (GEO.hasGeometry, GEO.asWKT):
                        sources.update(c.sources)
                lon, lat = float(match.group(1)), float(match.group(2))
                return Point(lon, lat, str(wkt), tuple(sorted(sources)))
    return None


_VALUE_COLUMNS = {
    "population": NKKG.population,
    "area_km2": NKKG.areaKm2,
    "density_per_km2": NKKG.densityPerKm2,
    "year_of_assignment": NKKG.yearOfAssignment,
    "located_in": NKKG.locatedIn,
    "related_province": NKKG.relatedProvince,
    "absorbed_into": NKKG.absorbedInto,
    "seat": NKKG.seat,
    "capital": NKKG.capital,
}
SEPARATOR = ";"  # between best-ranked values when several claims share the best rank


def _plain(graph: Graph, subject: URIRef, prop: URIRef, base: str) -> str | None:
    """Every plain (best-ranked) value, sorted and joined: the graph may hold several."""
    values = sorted(
        slug(v, base) if isinstance(v, URIRef) else str(v) for v in graph.objects(subject, prop)
    )
    return SEPARATOR.join(values) if values else None


def places(graph: Graph, base: str = DEFAULT_BASE) -> list[Place]:
    """Every division and country in the data (subjects with claims), sorted by slug."""
    classes = division_classes(graph)
    found = []
    for subject in sorted(set(graph.subjects(NKKG.claim)), key=str):
        assert isinstance(subject, URIRef)
        if not str(subject).startswith(base):
            continue
        types = sorted((t for t in graph.objects(subject, RDF.type) if t in classes), key=str)
        if not types:
            continue
        place = Place(subject, slug(subject, base), types[0])  # type: ignore[arg-type]
        for label in graph.objects(subject, RDFS.label):
            if isinstance(label, Literal):
                place.labels[label.language or ""] = str(label)
        place.labels = dict(sorted(place.labels.items()))
        place.iso_code = _plain(graph, subject, NKKG.isoCode, base)
        for match in sorted(graph.objects(subject, SKOS.exactMatch), key=str):
            if str(match).startswith(str(WD)):
                place.wikidata = match  # type: ignore[assignment]
            elif str(match).startswith(GEONAMES):
                place.geonames = match  # type: ignore[assignment]
        for column, prop in _VALUE_COLUMNS.items():
            value = _plain(graph, subject, prop, base)
            if value is not None:
                place.values[column] = value
        place.point = point(graph, subject)
        place.periods = periods(graph, subject)
        flags = graph.objects(subject, NKKG.firstLevel)
        place.first_level = tuple(
            sorted(v.toPython() is True for v in flags if isinstance(v, Literal))
        )
        found.append(place)
    return found


def is_first_level_now(place: Place) -> bool:
    """A place whose latest status period is open and of a first-level kind (a province or a
    first-level city; a zone only where it counts as first-level, see Place.on_timeline)."""
    last = place.periods[-1] if place.periods else None
    if last is None or last.end is not None or last.kind is None or not place.on_timeline:
        return False
    return last.kind in (*FIRST_LEVEL_KINDS, NKKG.Province) or bool(place.first_level)


@dataclass(frozen=True)
class Event:
    """A change event: its class, year, the divisions before and after it, its sources."""

    iri: URIRef
    kind: URIRef
    year: int | None
    before: tuple[URIRef, ...]
    after: tuple[URIRef, ...]
    sources: tuple[URIRef, ...]
    note: str | None


def events(graph: Graph, about: URIRef | None = None) -> list[Event]:
    """Every change event (those naming `about` before or after it), by year and IRI."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, NKKG.ChangeEvent))
    found = []
    for node in {s for c in classes for s in graph.subjects(RDF.type, c)}:
        if not isinstance(node, URIRef):
            continue
        kinds = sorted(
            (k for k in graph.objects(node, RDF.type) if k in classes and k != NKKG.ChangeEvent),
            key=str,
        )
        before = tuple(sorted(o for o in graph.objects(node, NKKG.before) if isinstance(o, URIRef)))
        after = tuple(sorted(o for o in graph.objects(node, NKKG.after) if isinstance(o, URIRef)))
        if about is not None and about not in before + after:
            continue
        kind = kinds[0] if kinds else NKKG.ChangeEvent
        year = _year(graph.value(node, NKKG.year))
        note = _text(graph.value(node, RDFS.comment))
        found.append(Event(node, kind, year, before, after, _sources(graph, node), note))  # type: ignore[arg-type]
    return sorted(found, key=lambda e: (e.year or 0, str(e.iri)))


def kind_labels(graph: Graph, kind: Node) -> dict[str, str]:
    """A kind's skos:prefLabel in every language the scheme gives, sorted by tag."""
    labels = {
        o.language or "": str(o)
        for o in graph.objects(kind, SKOS.prefLabel)
        if isinstance(o, Literal)
    }
    return dict(sorted(labels.items()))


def source_urls(graph: Graph) -> dict[URIRef, tuple[str, str]]:
    """Source IRI -> (title, URL where it can be read)."""
    return {
        s: (str(graph.value(s, RDFS.label) or s), str(graph.value(s, NKKG.url) or s))
        for s in graph.subjects(RDF.type, NKKG.Source)
        if isinstance(s, URIRef)
    }
