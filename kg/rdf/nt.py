"""The one N-Triples term writer, and nkkg's one order of triples.

The builder writes rows straight from the records (subject IRI, predicate IRI,
object in N-Triples syntax: plain strings, no Python object per term); rdflib
terms from reports, publish and the Wikidata link go through term(), which ends
in the same literal() and iri(). Every output sorts rows by sort_key(), on the
N-Triples text itself (subject, rdf:type first, predicate, object), so a graph
has one order whichever path made it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.errors import NkkgError

Row = tuple[str, str, str]
"""(subject, predicate, object in N-Triples): subject and predicate without the <>."""

_TYPE = str(RDF.type)
_STRING = str(XSD.string)
# What may stand between < and > in N-Triples and SPARQL.
_IRIREF = re.compile(r"[^\x00-\x20<>\"{}|\\^`]*")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def iri(value: str) -> str:
    """`<value>` (the caller vouches for the IRI; term() checks one it did not make)."""
    return f"<{value}>"


def literal(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal, escaped as N-Triples wants (tabs too); xsd:string is written plain.

    >>> literal('say "hi"\\n', lang="en"), literal("2", datatype=str(XSD.integer))
    ('"say \\\\"hi\\\\"\\\\n"@en', '"2"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    quoted = f'"{text.translate(_ESCAPES)}"'
    if lang:
        return f"{quoted}@{lang}"
    if datatype is not None and datatype != _STRING:
        return f"{quoted}^^<{datatype}>"
    return quoted


def term(node: Node) -> str:
    """An rdflib term in N-Triples syntax: what SPARQL text, TSV, VALUES and rows need."""
    if isinstance(node, URIRef):
        if not _IRIREF.fullmatch(str(node)):
            raise NkkgError(f"not an IRI that N-Triples can write: {str(node)!r}")
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None else None
        return literal(str(node), lang=node.language, datatype=datatype)
    raise TypeError(f"not an RDF term: {node!r}")


def row(triple: tuple[Node, Node, Node]) -> Row:
    """An rdflib triple as a row (a blank subject is written `_:id`, like term())."""
    s, p, o = triple
    subject = str(s) if isinstance(s, URIRef) else term(s)
    return subject, str(p), term(o)


def triple_line(triple: tuple[Node, Node, Node]) -> str:
    """An rdflib triple as an N-Triples line, every term checked (NkkgError if unwritable)."""
    s, p, o = triple
    return f"{term(s)} {term(p)} {term(o)} .\n"


def line(r: Row) -> str:
    """One row as an N-Triples line."""
    s, p, o = r
    subject = s if s.startswith("_:") else f"<{s}>"
    return f"{subject} <{p}> {o} .\n"


def text(rows: Iterable[Row]) -> bytes:
    """Rows as N-Triples text, UTF-8."""
    return "".join([line(r) for r in rows]).encode()


def sort_key(r: Row) -> tuple[str, bool, str, str]:
    """nkkg's order: subject, rdf:type first, predicate, object, each as N-Triples text.

    The subject without its <>, so that `<x>`'s block is never split by `<x-1>`.
    """
    s, p, o = r
    return (s, p != _TYPE, p, o)


def sort_rows(rows: Iterable[Row]) -> list[Row]:
    """Distinct rows in nkkg's order (a graph is a set: duplicates collapse)."""
    return sorted(set(rows), key=sort_key)


def sorted_text(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """rdflib triples as sorted N-Triples text (NkkgError for a term N-Triples cannot write)."""
    return text(sort_rows(row(t) for t in triples))
