"""Statements: the graph read back once, by the queries in kg/views/queries/.

A Statements (and so a kg.views.Views) holds a pyoxigraph Store (an rdflib
Graph or N-Triples copied into one, their lexical forms kept) and answers
from indexes built on first use from one run of each query: the claims of a
subject, its plain values, its names, its status periods and point, the
change events, the sources, the class hierarchy. Places and linking's
entities (kg.views.places.Views) are assembled from them. Everything is
returned sorted, so the files written from it are byte-stable. It reads its
Store once: make a new one for a graph that has changed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import Self

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Identifier, Node

from kg.rdf.namespace import DEFAULT_BASE, GEO, NKKG
from kg.views.labels import Tagged, display, english
from kg.views.model import Claim, Event, Period, Point, Source
from kg.views.read import Row, lexical_store, select

_POINT = re.compile(r"^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*$", re.I)
# Wikidata's "no value" and "unknown value": markers, never values to show as a value
MARKERS = (NKKG.NoValue, NKKG.UnknownValue)


def year(value: Node | None) -> int | None:
    """The year of an xsd:gYear (or a date): its first four characters."""
    return int(str(value)[:4].lstrip("0") or "0") if value is not None else None


def _text(value: Node | None) -> str | None:
    return str(value) if value is not None else None


def _first(values: list[Identifier]) -> Identifier | None:
    """One value of several (against the shapes): the least, never the store's first."""
    return min(values, key=str) if values else None


def _iris(values: Iterable[object]) -> tuple[URIRef, ...]:
    return tuple(sorted({v for v in values if isinstance(v, URIRef)}))


class Statements:
    """The graph's statements read back: periods, claims, points, events, sources, names.

    kg.views.places.Views adds the places and entities made from them.
    """

    def __init__(self, store: ox.Store, base: str = DEFAULT_BASE) -> None:
        self.store = store
        self.base = base
        self._terms: dict[object, Identifier] = {}

    @classmethod
    def of(cls, data: Graph | bytes | ox.Store | Statements, base: str = DEFAULT_BASE) -> Self:
        """The views of an rdflib Graph or of N-Triples (Project.nt), copied into a Store that
        keeps the data's lexical forms (kg.views.read.LEXICAL); of a Store as it is (its
        literals as pyoxigraph writes them); or `data` itself."""
        if isinstance(data, cls):
            return data if data.base == base else cls(data.store, base)
        if isinstance(data, Statements):
            return cls(data.store, base)
        if isinstance(data, Graph):
            from kg.rdf.formats import serialize

            data = serialize(data, "nt")
        if isinstance(data, bytes):
            data = lexical_store(data)
        return cls(data, base)

    def _rows(self, name: str) -> list[Row]:
        return select(self.store, name, self._terms)

    # ------------------------------------------------------------ names

    @cached_property
    def _labels(self) -> dict[Node, dict[Node, list[Literal]]]:
        found: dict[Node, dict[Node, list[Literal]]] = defaultdict(lambda: defaultdict(list))
        for row in self._rows("labels"):
            label = row["label"]
            assert isinstance(label, Literal) and row["node"] is not None
            found[row["node"]][row["property"]].append(label)  # type: ignore[index]
        for by_property in found.values():
            for literals in by_property.values():
                literals.sort(key=lambda o: (o.language or "", str(o)))
        return found

    def literals(self, node: Node, prop: Node = RDFS.label) -> list[Literal]:
        """The node's literals of rdfs:label (or skos:prefLabel, skos:altLabel), by tag and text."""
        by_property = self._labels.get(node)
        return list(by_property.get(prop, ())) if by_property is not None else []

    def names(self, node: Node, *props: Node) -> list[Tagged]:
        """The node's names of the properties (default rdfs:label) as (text, tag) pairs."""
        return [
            (str(o), o.language or "")
            for p in props or (RDFS.label,)
            for o in self.literals(node, p)
        ]

    def display_label(self, node: Node) -> str | None:
        """The node's English rdfs:label, else its first label by language tag."""
        return display(self.names(node))

    def english_label(self, node: Node, *props: Node) -> str | None:
        """The node's English name: of the first of `props` that has one (default rdfs:label)."""
        for prop in props or (RDFS.label,):
            found = english(self.names(node, prop))
            if found is not None:
                return found
        return None

    def kind_labels(self, kind: Node) -> dict[str, str]:
        """A kind's skos:prefLabel in every language the scheme gives, sorted by tag."""
        return {tag: text for text, tag in self.names(kind, SKOS.prefLabel)}

    # ------------------------------------------------------------ plain values and claims

    @cached_property
    def _statements(self) -> dict[Node, dict[Node, list[Identifier]]]:
        found: dict[Node, dict[Node, list[Identifier]]] = defaultdict(lambda: defaultdict(list))
        for row in self._rows("statements"):
            found[row["subject"]][row["property"]].append(row["value"])  # type: ignore[index,arg-type]
        for by_property in found.values():
            for values in by_property.values():
                values.sort(key=str)
        return found

    def values(self, subject: Node, prop: Node) -> list[Identifier]:
        """The plain (best-ranked) values of a property the views read (statements.rq), by text."""
        by_property = self._statements.get(subject)
        return list(by_property.get(prop, ())) if by_property is not None else []

    @cached_property
    def _children(self) -> dict[Node, list[URIRef]]:
        found: dict[Node, list[URIRef]] = defaultdict(list)
        for subject, by_property in self._statements.items():
            for parent in by_property.get(NKKG.locatedIn, ()):
                if isinstance(subject, URIRef):
                    found[parent].append(subject)
        return {parent: sorted(children) for parent, children in found.items()}

    def children(self, parent: Node) -> list[URIRef]:
        """The divisions located in `parent` (nkkg:locatedIn, plain), sorted."""
        return list(self._children.get(parent, ()))

    @cached_property
    def _claims(self) -> dict[Node, list[Claim]]:
        """Subject -> its claims (every subject with nkkg:claim, even one with no whole claim)."""
        parts: dict[tuple[Node, Node], dict[str, list[Identifier]]] = {}
        best: dict[tuple[Node, Node], set[Identifier]] = defaultdict(set)
        for row in self._rows("claims"):
            key = (row["subject"], row["claim"])
            fields = parts.setdefault(key, defaultdict(list))  # type: ignore[arg-type]
            for name, term in row.items():
                if term is not None and name not in ("subject", "claim", "best"):
                    fields[name].append(term)
            if str(row["best"]) == "true" and row["value"] is not None:
                best[key].add(row["value"])  # type: ignore[index]
        found: dict[Node, list[Claim]] = defaultdict(list)
        for (subject, node), fields in parts.items():
            one = {name: _first(terms) for name, terms in fields.items()}
            prop, value, rank = one.get("property"), one.get("value"), one.get("rank")
            claims = found[subject]
            if not isinstance(prop, URIRef) or value is None:
                continue  # a claim with no property or value (against the shapes) shows nothing
            note = one.get("note")
            claims.append(
                Claim(
                    node,  # type: ignore[arg-type]
                    subject,  # type: ignore[arg-type]
                    prop,
                    value,
                    rank if isinstance(rank, URIRef) else None,
                    _iris(fields.get("source", ())),
                    one.get("pointInTime"),
                    one.get("startTime"),
                    one.get("endTime"),
                    _text(note),
                    value in best[(subject, node)],
                )
            )
        for claims in found.values():
            claims.sort(key=lambda c: (str(c.prop), str(c.iri)))
        return dict(sorted(found.items(), key=lambda kv: str(kv[0])))

    def subjects(self) -> list[Node]:
        """Every subject with claims, sorted."""
        return list(self._claims)

    def claims(self, subject: Node | None = None) -> list[Claim]:
        """Every claim (of one subject, if given), sorted by subject, property and claim IRI."""
        if subject is not None:
            return list(self._claims.get(subject, ()))
        return [c for claims in self._claims.values() for c in claims]

    def best_claims(self, subject: Node, prop: Node) -> list[Claim]:
        """The subject's best-ranked claims of `prop` (no-value markers aside), by value."""
        found = [
            c for c in self.claims(subject) if c.prop == prop and c.best and c.value not in MARKERS
        ]
        return sorted(found, key=lambda c: str(c.value))

    # ------------------------------------------------------------ periods, points, events

    @cached_property
    def _periods(self) -> dict[Node, list[Period]]:
        parts: dict[tuple[Node, Node], dict[str, list[Identifier]]] = {}
        for row in self._rows("periods"):
            fields = parts.setdefault((row["subject"], row["period"]), defaultdict(list))  # type: ignore[arg-type]
            for name, term in row.items():
                if term is not None:
                    fields[name].append(term)
        found: dict[Node, list[Period]] = defaultdict(list)
        for (subject, node), fields in parts.items():
            kind = _first([k for k in fields.get("kind", []) if isinstance(k, URIRef)])
            province = _first([p for p in fields.get("province", []) if isinstance(p, URIRef)])
            one = {name: _first(terms) for name, terms in fields.items()}
            found[subject].append(
                Period(
                    node,  # type: ignore[arg-type]
                    subject,  # type: ignore[arg-type]
                    kind,  # type: ignore[arg-type]
                    year(one.get("start")),
                    year(one.get("end")),
                    province,  # type: ignore[arg-type]
                    _iris(fields.get("source", ())),
                    _text(one.get("note")),
                    year(one.get("startBy")),
                )
            )
        for periods in found.values():
            periods.sort(key=lambda p: (p.start if p.start is not None else -1, str(p.iri)))
        return found

    def periods(self, subject: Node) -> list[Period]:
        """The subject's status periods, in time order (an open start first)."""
        return list(self._periods.get(subject, ()))

    def period_subjects(self) -> list[Node]:
        """Every subject with status periods, sorted."""
        return sorted(self._periods, key=str)

    @cached_property
    def _geometries(self) -> dict[Node, dict[Node, tuple[set[Node], set[URIRef]]]]:
        found: dict[Node, dict[Node, tuple[set[Node], set[URIRef]]]] = defaultdict(dict)
        for row in self._rows("points"):
            wkts, sources = found[row["subject"]].setdefault(row["geometry"], (set(), set()))  # type: ignore[index,arg-type]
            if row["wkt"] is not None:
                wkts.add(row["wkt"])
            if isinstance(row["source"], URIRef):
                sources.add(row["source"])
        return found

    def point(self, subject: Node) -> Point | None:
        """The subject's point from geo:hasGeometry/geo:asWKT, with the sources that state it."""
        geometries = self._geometries.get(subject, {})
        for geometry in sorted(geometries, key=str):
            wkts, stated = geometries[geometry]
            for wkt in sorted(wkts, key=str):
                match = _POINT.match(str(wkt))
                if match:
                    sources = set(stated)
                    for c in self.claims(subject):
                        if c.prop in (GEO.hasGeometry, GEO.asWKT):
                            sources.update(c.sources)
                    lon, lat = float(match.group(1)), float(match.group(2))
                    return Point(lon, lat, str(wkt), tuple(sorted(sources)), geometry)
        return None

    @cached_property
    def _events(self) -> list[Event]:
        parts: dict[Node, dict[str, list[Identifier]]] = {}
        for row in self._rows("events"):
            fields = parts.setdefault(row["event"], defaultdict(list))  # type: ignore[arg-type]
            for name in ("type", "year", "note"):
                if row[name] is not None:
                    fields[name].append(row[name])  # type: ignore[arg-type]
            if row["role"] is not None:
                fields[str(row["role"])].append(row["item"])  # type: ignore[arg-type]
        found = []
        for node, fields in parts.items():
            if not isinstance(node, URIRef):
                continue
            kinds = sorted({k for k in fields["type"] if k != NKKG.ChangeEvent}, key=str)
            found.append(
                Event(
                    node,
                    kinds[0] if kinds else NKKG.ChangeEvent,  # type: ignore[arg-type]
                    year(_first(fields.get("year", []))),
                    _iris(fields.get("before", ())),
                    _iris(fields.get("after", ())),
                    _iris(fields.get("source", ())),
                    _text(_first(fields.get("note", []))),
                )
            )
        return sorted(found, key=lambda e: (e.year or 0, str(e.iri)))

    def events(self, about: Node | None = None) -> list[Event]:
        """Every change event (those naming `about` before or after it), by year and IRI."""
        if about is None:
            return list(self._events)
        return [e for e in self._events if about in e.before + e.after]

    # ------------------------------------------------------------ sources and classes

    @cached_property
    def sources(self) -> dict[URIRef, Source]:
        """Every source (an nkkg:Source, or a node something cites), by IRI."""
        rows = sorted(self._rows("sources"), key=lambda r: (str(r["source"]), str(r["url"])))
        found: dict[URIRef, Source] = {}
        for row in rows:
            iri = row["source"]
            if isinstance(iri, URIRef) and iri not in found:
                url = _text(row["url"])
                found[iri] = Source(iri, self.display_label(iri), url, str(row["typed"]) == "true")
        return found

    def source_urls(self) -> dict[URIRef, tuple[str, str]]:
        """nkkg:Source IRI -> (title, URL where it can be read); the IRI where either is missing."""
        return {
            iri: (s.title or str(iri), s.url or str(iri))
            for iri, s in self.sources.items()
            if s.typed
        }

    @cached_property
    def _superclasses(self) -> dict[Node, list[Node]]:
        found: dict[Node, list[Node]] = defaultdict(list)
        for row in self._rows("classes"):
            found[row["class"]].append(row["super"])  # type: ignore[index,arg-type]
        return {c: sorted(set(s), key=str) for c, s in found.items()}

    def superclasses(self, cls: Node) -> list[Node]:
        """The direct superclasses (rdfs:subClassOf) of a class, sorted."""
        return list(self._superclasses.get(cls, ()))

    def subclasses(self, root: Node) -> set[Node]:
        """The class and its subclasses at any depth, as the graph's ontology declares them."""
        below: dict[Node, set[Node]] = defaultdict(set)
        for cls, supers in self._superclasses.items():
            for sup in supers:
                below[sup].add(cls)
        found, todo = {root}, [root]
        while todo:
            for cls in below.get(todo.pop(), ()):
                if cls not in found:
                    found.add(cls)
                    todo.append(cls)
        return found
