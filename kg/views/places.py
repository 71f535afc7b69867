"""Places (as the release shows them) and entities (as linking compares them), from the views.

Both are subjects with claims. A place is one under the base whose type is a
kind of division (nkkg:AdministrativeDivision or a subclass), with its
best-ranked values for the tables; an entity is any subject with claims but
the ontology's terms and the change events (the regions too), with what
`nkkg link` compares: QIDs, ISO codes, labels by Wikidata language,
population, area and the kinds of its status periods.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.input.history import EventKind
from kg.profile import PROFILE
from kg.rdf.namespace import GEONAMES, NKKG, WD
from kg.views.graph import Statements
from kg.views.labels import english
from kg.views.model import SEPARATOR, Entity, Place, slug

if TYPE_CHECKING:
    from rdflib.term import Node

QID = re.compile(r"^Q[1-9][0-9]*$")
VALUE_COLUMNS = {
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


def _plain(views: Statements, subject: Node, prop: URIRef) -> str | None:
    """Every plain (best-ranked) value, sorted and joined: the graph may hold several."""
    values = sorted(
        slug(v, views.base) if isinstance(v, URIRef) else str(v)
        for v in views.values(subject, prop)
    )
    return SEPARATOR.join(values) if values else None


def places(views: Statements) -> list[Place]:
    """Every division and country in the data (subjects with claims), sorted by slug."""
    base = views.base
    classes = views.subclasses(NKKG.AdministrativeDivision)
    found = []
    for subject in views.subjects():
        if not isinstance(subject, URIRef) or not str(subject).startswith(base):
            continue
        types = sorted((t for t in views.values(subject, RDF.type) if t in classes), key=str)
        if not types:
            continue
        place = Place(subject, slug(subject, base), types[0])  # type: ignore[arg-type]
        place.labels = {tag: text for text, tag in views.names(subject)}
        place.iso_code = _plain(views, subject, NKKG.isoCode)
        for match in views.values(subject, SKOS.exactMatch):
            if str(match).startswith(str(WD)):
                place.wikidata = match  # type: ignore[assignment]
            elif str(match).startswith(str(GEONAMES)):
                place.geonames = match  # type: ignore[assignment]
        for column, prop in VALUE_COLUMNS.items():
            value = _plain(views, subject, prop)
            if value is not None:
                place.values[column] = value
        place.point = views.point(subject)
        place.periods = views.periods(subject)
        flags = views.values(subject, NKKG.firstLevel)
        place.first_level = tuple(
            sorted(v.toPython() is True for v in flags if isinstance(v, Literal))
        )
        found.append(place)
    return found


def local(iri: object) -> str:
    """An IRI's last segment (after its last / or #)."""
    return re.split(r"[/#]", str(iri))[-1]


def kind_label(views: Statements, kind: Node | None) -> str:
    """A kind's English rdfs:label, else its local name; "(none)" for no kind."""
    if kind is None:
        return "(none)"
    return english(views.names(kind, RDFS.label)) or local(kind)


def entities(views: Statements) -> list[Entity]:
    """The places of the graph (subjects with claims, the ontology's kinds aside), by id.

    Change events carry claims too (each source's date): they are not places.
    """
    ontology = str(NKKG)
    events = {NKKG[kind.value] for kind in EventKind}
    subjects = [
        s
        for s in views.subjects()
        if isinstance(s, URIRef)
        and not str(s).startswith(ontology)
        and not any(t in events for t in views.values(s, RDF.type))
    ]
    return sorted((_entity(views, s) for s in subjects), key=lambda e: e.id)


def _entity(views: Statements, subject: URIRef) -> Entity:
    qids = sorted(
        str(o).removeprefix(str(WD))
        for o in views.values(subject, SKOS.exactMatch)
        if str(o).startswith(str(WD)) and QID.match(str(o).removeprefix(str(WD)))
    )
    kinds = sorted(
        o
        for o in views.values(subject, RDF.type)
        if isinstance(o, URIRef) and str(o).startswith(str(NKKG))
    )
    kind = kinds[0] if kinds else None
    labels: dict[str, set[str]] = defaultdict(set)
    for text, tag in views.names(subject):
        lang = PROFILE.wikidata_languages.get(tag.lower())
        if lang is not None:
            labels[lang].add(text)
    dates: dict[int, str | None] = {}
    for claim in views.claims(subject):
        if claim.prop == NKKG.population and isinstance(claim.value, Literal):
            when = claim.point_in_time
            dates[int(claim.value)] = str(when) if when is not None else None
    population = {
        int(v): dates.get(int(v))
        for v in views.values(subject, NKKG.population)
        if isinstance(v, Literal)
    }
    periods = [p for p in views.periods(subject) if p.kind is not None]
    return Entity(
        iri=subject,
        id=local(subject),
        qids=tuple(qids),
        kind=kind,
        kind_label=kind_label(views, kind),
        iso_codes=frozenset(str(o) for o in views.values(subject, NKKG.isoCode)),
        labels={lang: frozenset(values) for lang, values in labels.items()},
        population=population,
        area=frozenset(Decimal(str(o)) for o in views.values(subject, NKKG.areaKm2)),
        periods=tuple(sorted(periods, key=lambda p: (p.start or 0, p.end or 9999, str(p.kind)))),
        kind_labels={p.kind: kind_label(views, p.kind) for p in periods if p.kind is not None},
    )


class Views(Statements):
    """The graph's places, periods, claims, points, events, sources and names."""

    @cached_property
    def _places(self) -> list[Place]:
        return places(self)

    def places(self) -> list[Place]:
        """Every division and country in the data (subjects with claims), sorted by slug."""
        return self._places

    @cached_property
    def _entities(self) -> list[Entity]:
        return entities(self)

    def entities(self) -> list[Entity]:
        """The subjects linking compares with Wikidata (kg.views.model.Entity), by id."""
        return list(self._entities)
