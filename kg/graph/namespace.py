"""Moved to kg.rdf.namespace; this name stays while other branches still import it."""

from kg.rdf.namespace import (
    DEFAULT_BASE,
    GEO,
    GEONAMES,
    NKKG,
    NKKGSH,
    ONTOLOGY_IRI,
    PREFIXES,
    REPORT_PREFIXES,
    SHAPES_IRI,
    WD,
    prefixes,
)

__all__ = [
    "DEFAULT_BASE",
    "GEO",
    "GEONAMES",
    "NKKG",
    "NKKGSH",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "REPORT_PREFIXES",
    "SHAPES_IRI",
    "WD",
    "prefixes",
]
