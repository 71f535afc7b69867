"""The views: plain objects of what the graph states, as every output reads it back.

Place, Period, Claim, Point, Event and Source are what the release (tables,
GeoJSON, LPF, the site, `nkkg diff`) shows; Entity is what linking to Wikidata
compares (`nkkg link check|suggest|diff|export`). kg.views.graph makes them from
the answers of the queries in kg/views/queries/.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import URIRef
from rdflib.term import Node

from kg.rdf.namespace import DEFAULT_BASE, NKKG, WD
from kg.views.labels import display

FIRST_LEVEL_KINDS = (NKKG.DirectlyGovernedCity, NKKG.SpecialCity, NKKG.SpecialLevelCity)
SEPARATOR = ";"  # between best-ranked values when several claims share the best rank


def slug(iri: Node | str, base: str = DEFAULT_BASE) -> str:
    """The part of an IRI after the base (an IRI not under the base: itself)."""
    text = str(iri)
    return text[len(base) :] if text.startswith(base) else text


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
class Claim:
    """One claim node: subject, property, value, rank, sources and qualifiers.

    The dates are the graph's literals (a year and a day are told apart by their
    datatype); `best` says that the value is also a plain triple of the subject,
    i.e. that the claim has the best rank among the subject's claims of the property.
    """

    iri: URIRef
    subject: URIRef
    prop: URIRef
    value: Node
    rank: URIRef | None
    sources: tuple[URIRef, ...]
    point_in_time: Node | None
    start_time: Node | None
    end_time: Node | None
    note: str | None
    best: bool = False


def lexical(term: Node | None) -> str:
    """A term's text (a literal's lexical form); "" for no term (a date not given)."""
    return "" if term is None else str(term)


@dataclass(frozen=True)
class Point:
    lon: float
    lat: float
    wkt: str
    sources: tuple[URIRef, ...]
    geometry: Node | None = None
    """The geo:Geometry node the point is read from."""


@dataclass(frozen=True)
class Source:
    """A source the claims cite: its title and the URL where it can be read."""

    iri: URIRef
    title: str | None
    url: str | None
    typed: bool = True
    """Stated to be an nkkg:Source (every source of a validated graph is)."""


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
        """The English label, else the label of the least language tag, else the slug."""
        return display((text, tag) for tag, text in self.labels.items()) or self.slug

    @property
    def qid(self) -> str | None:
        return str(self.wikidata)[len(str(WD)) :] if self.wikidata is not None else None


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


@dataclass(frozen=True)
class Entity:
    """What linking needs to know about one entity of the graph (truthy values).

    Any subject with claims but the ontology's terms and the change events: the
    divisions, the country and the regions, whatever their type.
    """

    iri: URIRef
    id: str
    qids: tuple[str, ...]
    kind: URIRef | None
    kind_label: str
    iso_codes: frozenset[str]
    labels: Mapping[str, frozenset[str]]  # Wikidata label language -> the graph's labels
    population: Mapping[int, str | None]  # value -> its point in time, where known
    area: frozenset[Decimal]
    periods: tuple[Period, ...]  # the periods with a kind, by start, end and kind
    kind_labels: Mapping[URIRef, str] = field(default_factory=dict)
    """The English name of each period's kind (its local name if it has none)."""

    def kind_name(self, period: Period) -> str:
        """The English name of a period's kind."""
        return self.kind_labels.get(period.kind, "") if period.kind is not None else ""

    def period_text(self, period: Period) -> str:
        """A period as a comparison shows it: `special city 1946–1952`."""
        return self.kind_name(period) + span(period.start, period.end)


def span(start: int | None, end: int | None) -> str:
    if start is None and end is None:
        return ""
    return f" {start or ''}–{end or ''}"
