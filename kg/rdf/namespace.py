"""The registry of terms and prefixes: the nkkg ontology's terms and the namespaces nkkg writes.

NKKG is an rdflib DefinedNamespace: referring to an undeclared term raises
AttributeError, so a typo in the builder fails at import time instead of
minting a stray IRI; a test keeps it equal to the terms ontology/nkkg.ttl
declares. PREFIXES is the one table of prefixes that serializers, reports,
tables, JSON-LD contexts and queries abbreviate IRIs with, prefixed() the one
way an IRI becomes `prefix:local`, and HTTP_IRI the one test of an http(s) IRI.
"""

import re
from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import (
    DCTERMS,
    OWL,
    RDF,
    RDFS,
    SH,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)

from kg.metadata import DEFAULT_BASE

ONTOLOGY_IRI = "https://w3id.org/nkkg/ontology"
SHAPES_IRI = "https://w3id.org/nkkg/shapes"
RELEASE_URL = "https://w3id.org/nkkg/"  # where a release folder is served (publish --base-url)
WD = Namespace("http://www.wikidata.org/entity/")
NKKGSH = Namespace(SHAPES_IRI + "#")
GEONAMES = Namespace("https://sws.geonames.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")


class NKKG(DefinedNamespace):
    """Terms of the nkkg ontology (https://w3id.org/nkkg/ontology#)."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # classes
    AdministrativeDivision: URIRef
    Country: URIRef
    FirstLevelCity: URIRef
    DirectlyGovernedCity: URIRef
    SpecialCity: URIRef
    SpecialLevelCity: URIRef
    Province: URIRef
    City: URIRef
    County: URIRef
    District: URIRef
    KuDistrict: URIRef
    AdministrativeRegion: URIRef
    IndustrialRegion: URIRef
    TouristRegion: URIRef
    SpecialAdministrativeRegion: URIRef
    Region: URIRef
    ChangeEvent: URIRef
    Establishment: URIRef
    Abolition: URIRef
    Split: URIRef
    Merger: URIRef
    Absorption: URIRef
    Separation: URIRef
    ChangeOfKind: URIRef
    TerritoryChange: URIRef
    Transfer: URIRef
    Rename: URIRef
    TimeValue: URIRef
    Precision: URIRef
    StatusPeriod: URIRef
    Claim: URIRef
    Source: URIRef
    Rank: URIRef
    # the SKOS scheme of kinds
    DivisionKinds: URIRef
    # individuals
    PreferredRank: URIRef
    NormalRank: URIRef
    UnknownValue: URIRef
    NoValue: URIRef
    YearPrecision: URIRef
    MonthPrecision: URIRef
    DayPrecision: URIRef
    # properties
    statusPeriod: URIRef
    kind: URIRef
    startYear: URIRef
    endYear: URIRef
    withinProvince: URIRef
    withinDivision: URIRef
    startDate: URIRef
    endDate: URIRef
    date: URIRef
    precision: URIRef
    earliest: URIRef
    latest: URIRef
    earliestYear: URIRef
    latestYear: URIRef
    unit: URIRef
    isoCode: URIRef
    population: URIRef
    areaKm2: URIRef
    densityPerKm2: URIRef
    yearOfAssignment: URIRef
    seat: URIRef
    locatedIn: URIRef
    region: URIRef
    relatedProvince: URIRef
    absorbedInto: URIRef
    capital: URIRef
    firstLevel: URIRef
    claim: URIRef
    claimProperty: URIRef
    claimValue: URIRef
    rank: URIRef
    pointInTime: URIRef
    startTime: URIRef
    endTime: URIRef
    year: URIRef
    before: URIRef
    after: URIRef
    fromPeriod: URIRef
    toPeriod: URIRef
    source: URIRef
    url: URIRef


# Prefixes of the written graph, besides `id:` for the base IRI (see prefixes()).
PREFIXES: dict[str, str] = {
    "dcterms": str(DCTERMS),
    "geo": str(GEO),
    "nkkg": str(NKKG),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "wd": str(WD),
    "xsd": str(XSD),
}
# Prefixes that validation reports add.
REPORT_PREFIXES: dict[str, str] = {"sh": str(SH), "nkkgsh": str(NKKGSH)}


def prefixes(base: str = DEFAULT_BASE, *, report: bool = False) -> dict[str, str]:
    """The prefix table for a graph built under `base` (and for its SHACL report)."""
    table = {"id": base, **PREFIXES}
    return {**table, **REPORT_PREFIXES} if report else table


# What a prefixed name's local part may be here: word characters, '-' and '.', not ending in '.'
# (a name Turtle, SPARQL and JSON-LD all read back as the same IRI).
_LOCAL_NAME = re.compile(r"[\w.-]*\w")


@lru_cache(maxsize=1 << 16)
def prefixed(iri: str, base: str = DEFAULT_BASE, *, report: bool = False) -> str | None:
    """`prefix:local` for an IRI under one of the table's namespaces (the longest), else None.

    >>> prefixed("https://w3id.org/nkkg/id/pyongyang")
    'id:pyongyang'
    >>> prefixed("https://example.org/x") is None
    True
    """
    for prefix, namespace in _longest_first(base, report):
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and (not local or _LOCAL_NAME.fullmatch(local)):
            return f"{prefix}:{local}"
    return None


@lru_cache(maxsize=8)
def _longest_first(base: str, report: bool) -> tuple[tuple[str, str], ...]:
    table = prefixes(base, report=report)
    return tuple(sorted(table.items(), key=lambda kv: (-len(kv[1]), kv[0])))


# An absolute http(s) IRI as N-Triples and SPARQL write it between < and >: a host, then
# no space, control character, quote or bracket. Bases, source URLs and endpoints use it.
HTTP_IRI = re.compile(r"https?://[^\x00-\x20<>\"'{}|\\^`/][^\x00-\x20<>\"'{}|\\^`]*")


def is_http_iri(text: str) -> bool:
    """Whether `text` is an absolute http(s) IRI (HTTP_IRI, the whole string).

    >>> is_http_iri("https://w3id.org/nkkg/id/"), is_http_iri("ftp://x"), is_http_iri("http://a b")
    (True, False, False)
    """
    return HTTP_IRI.fullmatch(text) is not None
