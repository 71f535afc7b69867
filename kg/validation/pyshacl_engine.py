"""The pyshacl adapter: the reference engine, one focus node at a time in Python over rdflib.

pyshacl sees the data graph and the ontology merged, with no inference (see
kg.validation.api), and writes its report graph; kg.validation.model reads it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib import Graph


def working_graph(graph: Graph, ontology: Graph | None) -> Graph:
    """The graph pyshacl reads: the data with the ontology merged in, parsing each query once.

    A graph that carries its ontology (nkkg build output) is read through a
    second view of its own store, with no copy: without inference pyshacl
    writes nothing to the data graph. Any other graph is copied with the
    ontology added, so the caller's graph is never modified.
    """
    if ontology is None and type(graph) is Graph:
        return _PreparedQueryGraph(store=graph.store, identifier=graph.identifier)
    work = _PreparedQueryGraph()
    work.addN((s, p, o, work) for s, p, o in graph)
    if ontology is not None:
        work.addN((s, p, o, work) for s, p, o in ontology)
    return work


def run(work: Graph, shapes: Graph, used: list[str] | None) -> Graph:
    """pyshacl's report graph for `work` (a working_graph); `used`: the shapes to check."""
    import pyshacl  # imported here: it adds to every command's start-up time

    _conforms, report_graph, _text = pyshacl.validate(
        work,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        inplace=True,
        use_shapes=used,
    )
    return report_graph


class _PreparedQueryGraph(Graph):
    """A Graph that parses each SPARQL text once.

    pyshacl runs a SPARQL-based constraint once per focus node, and rdflib
    re-parses the query text every time: on this data that parsing was 95% of
    a 13.7 s validation; with the cache the whole run takes under a second.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def _prepared(text: str) -> Any:
    # pyshacl writes the PREFIX lines in an order that varies between runs; sort them
    lines = text.splitlines()
    prologue = sorted(line for line in lines if line.lstrip().upper().startswith("PREFIX"))
    body = [line for line in lines if not line.lstrip().upper().startswith("PREFIX")]
    return _prepare("\n".join([*prologue, *body]))


@lru_cache(maxsize=256)
def _prepare(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)
