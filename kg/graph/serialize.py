"""Write a graph as bytes that depend on its triples only, and write files atomically.

Triples are sorted (subject, then rdf:type first, then predicate, then object)
and handed to pyoxigraph's streaming writers: the output is byte-identical
across runs and PYTHONHASHSEED values, and stays fast for large graphs, where
rdflib's Turtle writer is neither (DESIGN.md, "Known pitfalls").
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.errors import NkkgError
from kg.namespace import DEFAULT_BASE, NKKG, WD
from kg.rdfio import to_oxigraph

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
}
EXTENSIONS = {"turtle": "ttl", "nt": "nt", "jsonld": "jsonld", "trig": "trig"}


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    return {
        "id": base,
        "nkkg": str(NKKG),
        "owl": str(OWL),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "skos": str(SKOS),
        "wd": str(WD),
        "xsd": str(XSD),
    }


def _sort_key(triple: tuple[Node, Node, Node]) -> tuple[str, bool, str, str]:
    # str(), not n3(): "<x>" would sort after "<x-1>" and split a subject's block
    s, p, o = triple
    return (str(s), p != RDF.type, str(p), o.n3())


def sorted_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    return [
        ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
        for s, p, o in sorted(triples, key=_sort_key)
    ]


def serialize(
    graph: Graph | Iterable[tuple[Node, Node, Node]],
    fmt: str = "turtle",
    base: str = DEFAULT_BASE,
) -> bytes:
    """The graph in one of FORMATS, with the same bytes for the same triples."""
    rdf_format = _format(fmt)
    items: list[ox.Triple] | list[ox.Quad] = sorted_triples(graph)
    if fmt == "trig":  # a named graph, so the file can sit beside others in a dataset
        name = ox.NamedNode(base.rstrip("/#"))
        items = [ox.Quad(t.subject, t.predicate, t.object, name) for t in items]
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        return ox.serialize(items, format=rdf_format, prefixes=prefixes(base))
    return ox.serialize(items, format=rdf_format)


def _format(fmt: str) -> ox.RdfFormat:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise NkkgError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})") from None


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, then rename: no half-written output."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise NkkgError(f"cannot write {target}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise NkkgError(f"cannot write {target}: {err.strerror}") from None
        raise
    return target
