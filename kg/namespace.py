"""The nkkg ontology's terms as an rdflib DefinedNamespace.

Referring to an undeclared term raises AttributeError, so a typo in the
builder fails at import time instead of minting a stray IRI; a test keeps
this list equal to the terms that ontology/nkkg.ttl declares.
"""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

ONTOLOGY_IRI = "https://w3id.org/nkkg/ontology"
DEFAULT_BASE = "https://w3id.org/nkkg/id/"
WD = Namespace("http://www.wikidata.org/entity/")
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
