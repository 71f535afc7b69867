"""The packaged ontology, stamped with the package's version, and which ontology goes with a graph.

The version is written once, in pyproject.toml; the ontology file carries no
version of its own, and every graph nkkg writes states the version that made it.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from kg.metadata import version
from kg.rdf.namespace import ONTOLOGY_IRI
from kg.resources import ontology_path


@cache
def _ontology() -> Graph:
    graph = Graph().parse(ontology_path(), format="turtle")
    header = URIRef(ONTOLOGY_IRI)
    graph.add((header, OWL.versionIRI, URIRef(f"{ONTOLOGY_IRI}/{version()}")))
    graph.add((header, OWL.versionInfo, Literal(version())))
    return graph


def load_ontology() -> Graph:
    """A fresh copy of the packaged ontology, with owl:versionIRI and owl:versionInfo stamped."""
    copy = Graph()
    copy += _ontology()
    return copy


def has_ontology_header(graph: Graph) -> bool:
    """Whether the graph carries the nkkg ontology (its owl:Ontology header)."""
    return (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in graph


def ontology_for(graph: Graph) -> Graph | None:
    """The ontology to validate `graph` with: None when it carries its own, else the packaged one.

    `nkkg build` output carries the ontology it was built with, and is
    checked against that; any other file gets the packaged ontology.
    """
    return None if has_ontology_header(graph) else load_ontology()
