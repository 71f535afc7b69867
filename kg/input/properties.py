"""The one property table: each input key, the predicate it states, and its kind of value.

The pydantic model (kg.input.model.Claims) is checked against this table when
it is imported, the builder takes its predicates from it, and the tests check
the ontology declares every predicate with a fitting range.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.rdf.namespace import NKKG


class Value(StrEnum):
    """How a claim's value is written in the input and in the graph."""

    TEXT = "text"  # a language-tagged literal
    STRING = "string"  # a plain literal
    INTEGER = "integer"  # xsd:integer
    DECIMAL = "decimal"  # xsd:decimal
    YEAR = "year"  # xsd:gYear
    BOOLEAN = "boolean"  # xsd:boolean
    REF = "ref"  # another record, by its id
    KIND = "kind"  # an ontology class, by its local name
    QID = "qid"  # a Wikidata item
    GEONAMES = "geonames"  # a GeoNames feature, by its number


DATATYPES: dict[Value, URIRef] = {
    Value.INTEGER: XSD.integer,
    Value.DECIMAL: XSD.decimal,
    Value.YEAR: XSD.gYear,
    Value.BOOLEAN: XSD.boolean,
}


@dataclass(frozen=True)
class Property:
    key: str
    predicate: URIRef
    value: Value
    multi: bool = False
    """Takes several values at once, so that differing values do not conflict."""


PROPERTIES: tuple[Property, ...] = (
    Property("kind", RDF.type, Value.KIND),
    Property("label", RDFS.label, Value.TEXT),
    Property("pref_label", SKOS.prefLabel, Value.TEXT),
    Property("alt_label", SKOS.altLabel, Value.TEXT, multi=True),
    Property("iso_code", NKKG.isoCode, Value.STRING),
    Property("population", NKKG.population, Value.INTEGER),
    Property("area_km2", NKKG.areaKm2, Value.DECIMAL),
    Property("density_per_km2", NKKG.densityPerKm2, Value.DECIMAL),
    Property("seat", NKKG.seat, Value.REF),
    Property("located_in", NKKG.locatedIn, Value.REF),
    Property("region", NKKG.region, Value.REF),
    Property("related_province", NKKG.relatedProvince, Value.REF),
    Property("absorbed_into", NKKG.absorbedInto, Value.REF),
    Property("year_of_assignment", NKKG.yearOfAssignment, Value.YEAR),
    Property("capital", NKKG.capital, Value.REF),
    Property("first_level", NKKG.firstLevel, Value.BOOLEAN),
    Property("wikidata", SKOS.exactMatch, Value.QID),
    Property("geonames", SKOS.exactMatch, Value.GEONAMES),
)
BY_KEY: dict[str, Property] = {p.key: p for p in PROPERTIES}
