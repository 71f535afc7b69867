"""Reading RDF files, and RDF terms converted between rdflib, pyoxigraph and SPARQL JSON.

One place for these conversions, so that a term read from a file, returned by
pyoxigraph, or received from a remote endpoint compares equal to the same
term in the graph rdflib builds: xsd:string literals are always plain ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from kg.errors import NkkgError

# File extensions `read_graph` understands, and the parser for each.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def read_graph(path: str | Path) -> Graph:
    """Read an RDF file whose format its extension names; all named graphs are merged.

    Unusable input (missing, unreadable, empty, unknown extension, syntax
    error) raises NkkgError with one line naming the file. Parsing is lenient
    about language tags and IRIs, so that the shapes, not the parser, report them.
    """
    file = Path(path)
    rdf_format = RDF_FORMATS.get(file.suffix.lower())
    if rdf_format is None:
        known = ", ".join(RDF_FORMATS)
        raise NkkgError(f"{file}: unknown RDF format '{file.suffix}' (known extensions: {known})")
    if not file.exists():
        raise NkkgError(f"{file}: no such file")
    if file.is_dir():
        raise NkkgError(f"{file}: is a folder, not a file")
    graph = Graph()
    try:
        with file.open("rb") as handle:
            base_iri = file.resolve().as_uri()
            quads = ox.parse(handle, format=rdf_format, base_iri=base_iri, lenient=True)
            graph.addN(
                (
                    from_oxigraph(q.subject),
                    from_oxigraph(q.predicate),
                    from_oxigraph(q.object),
                    graph,
                )
                for q in quads
            )
    except SyntaxError as err:
        message = " ".join(str(err).split())
        if "LoadDocumentCallback" in message:  # pyoxigraph never fetches a remote @context
            message = "remote JSON-LD @context documents are not loaded; inline the context"
        raise NkkgError(f"{file}: {message}") from None
    except OSError as err:
        raise NkkgError(f"{file}: cannot read: {err.strerror or err}") from None
    except (ValueError, TypeError) as err:
        raise NkkgError(f"{file}: {' '.join(str(err).split())}") from None
    if len(graph) == 0:
        raise NkkgError(f"{file}: no triples (empty file)")
    return graph


def to_oxigraph(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def from_oxigraph(term: Any) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return _literal(term.value, term.datatype.value)
    raise TypeError(f"unsupported RDF term (RDF-star triple terms are not supported): {term}")


def to_json(term: Identifier) -> dict[str, str]:
    """A term as SPARQL 1.1 Query Results JSON encodes it."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if not isinstance(term, Literal):
        raise TypeError(f"not an RDF term: {term!r}")
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def from_json(binding: dict[str, str]) -> Identifier:
    """A term from SPARQL 1.1 Query Results JSON."""
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    if "xml:lang" in binding:
        return Literal(binding["value"], lang=binding["xml:lang"])
    return _literal(binding["value"], binding.get("datatype"))


def _literal(value: str, datatype: str | None) -> Literal:
    if datatype is None or datatype == str(XSD.string):
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))
