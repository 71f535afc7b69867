"""The registry of terms and prefixes: the nkkg ontology's terms and the namespaces nkkg writes.

NKKG is an rdflib DefinedNamespace: referring to an undeclared term raises
AttributeError, so a typo in the builder fails at import time instead of
minting a stray IRI; a test keeps it equal to the terms ontology/nkkg.ttl
declares. PREFIXES is the one table of prefixes that serializers, reports,
tables and queries abbreviate IRIs with.
"""

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace, Namespace

ONTOLOGY_IRI = "https://w3id.org/nkkg/ontology"
SHAPES_IRI = "https://w3id.org/nkkg/shapes"
DEFAULT_BASE = "https://w3id.org/nkkg/id/"
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
    # properties
    statusPeriod: URIRef
    kind: URIRef
    startYear: URIRef
    endYear: URIRef
    withinProvince: URIRef
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
