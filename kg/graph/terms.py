"""Writing RDF terms, and converting them between rdflib, pyoxigraph and SPARQL JSON.

One place for these, so that a term read from a file, returned by pyoxigraph
or received from a remote endpoint compares equal to the same term in the
graph rdflib builds (xsd:string literals are always plain ones), and so that
tables, reports, queries and the Wikidata link write a term the same way (nt is
kg.rdf.nt.term, the one N-Triples term writer).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from kg.rdf.namespace import DEFAULT_BASE, prefixed
from kg.rdf.nt import sorted_text, triple_line
from kg.rdf.nt import term as nt

__all__ = [
    "compact",
    "from_json",
    "from_oxigraph",
    "gyear",
    "normalize",
    "nt",
    "short",
    "to_json",
    "to_oxigraph",
]


def gyear(value: int) -> Literal:
    """An xsd:gYear literal, zero-padded as XML Schema wants."""
    return Literal(f"{value:04d}", datatype=XSD.gYear)


def short(term: Identifier | None, base: str = DEFAULT_BASE) -> str:
    """A term as a person reads it in a table: a prefixed name, or a literal's text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return prefixed(str(term), base) or f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def compact(term: Node, base: str = DEFAULT_BASE) -> str:
    """A term as a report shows it: prefixed names, literals quoted with tag or datatype."""
    if isinstance(term, URIRef):
        return prefixed(str(term), base, report=True) or f"<{term}>"
    if isinstance(term, Literal):
        if term.language:
            return f'"{term}"@{term.language}'
        if term.datatype in (XSD.integer, XSD.decimal) and term.value is not None:
            return str(term)
        if term.datatype is None or term.datatype == XSD.string:
            return f'"{term}"'
        return f'"{term}"^^{compact(term.datatype, base)}'
    return term.n3()


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


def normalize(term: Identifier | None) -> Identifier | None:
    """xsd:string literals as plain ones, as rdflib's graph and SPARQL JSON results have them."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def to_json(term: Node) -> dict[str, str]:
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


def oxigraph_store(
    triples: Iterable[tuple[Node, Node, Node]], *, lenient: bool = False
) -> ox.Store:
    """An in-memory pyoxigraph Store of rdflib triples: the one way from rdflib to pyoxigraph.

    Written as N-Triples and bulk-loaded; `lenient` keeps what pyoxigraph would
    refuse to make (a malformed language tag), for the shapes to report.
    NkkgError for a term N-Triples cannot write; ValueError or SyntaxError
    from pyoxigraph for a line it refuses.
    """
    store = ox.Store()
    if lenient:  # every term checked as written, in the graph's own order
        text = "".join(triple_line(t) for t in triples).encode("utf-8")
    else:  # in nkkg's order, as a Project's store is loaded: the same store, the same answers
        text = sorted_text(triples)  # (GROUP_CONCAT's order, which SPARQL leaves open)
    store.bulk_load(text, format=ox.RdfFormat.N_TRIPLES, lenient=lenient)
    return store
