"""Check a graph against the SHACL shapes (shapes/): the entry points.

Both engines see the data graph and the ontology merged, with no inference:
the ontology's rdfs:subClassOf axioms let sh:targetClass and sh:class see
subclasses, while RDFS inference would turn the ranges of nkkg:seat and
nkkg:withinProvince into types and hide the errors the shapes look for. The
compiled engine (kg.validation.compiled) runs each constraint once over the
whole graph on pyoxigraph; pyshacl (kg.validation.pyshacl_engine) is the
reference and the fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.graph.ontology import load_ontology, ontology_for
from kg.graph.reader import read_graph, read_store
from kg.rdf import formats
from kg.rdf.namespace import DEFAULT_BASE, ONTOLOGY_IRI
from kg.validation import pyshacl_engine
from kg.validation.compiled import engine as compiled
from kg.validation.compiled.unsupported import Unsupported
from kg.validation.model import GraphLabels, StoreLabels, ValidationReport, report_from_graph
from kg.validation.shapes import packaged_shapes, shapes_used


def validate_graph(
    graph: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    only: Iterable[URIRef] | None = None,
    base: str = DEFAULT_BASE,
    engine: str = "fast",
) -> ValidationReport:
    """Validate `graph` together with the ontology.

    With engine "fast" (the default) every constraint runs once over the whole
    graph on pyoxigraph (kg.validation.compiled); where the shapes or the data
    need what it does not compile, pyshacl validates instead and the report says
    why in `fallback`. "pyshacl" lets pyshacl run everything, one focus node at a
    time. Both give the same report (tests compare them on every planted fault).

    The ontology is `ontology` if given; else the graph's own if it carries
    the nkkg ontology header (as `nkkg build` output does); else the packaged
    one. `only` limits validation to those node shapes and the shapes they use.
    The caller's graph is not modified. `base` only affects how IRIs are
    abbreviated in the results' text.
    """
    if engine not in ("fast", "pyshacl"):
        raise ValueError(f"unknown validation engine {engine!r} (known: fast, pyshacl)")
    shapes_graph = shapes if shapes is not None else packaged_shapes()
    if ontology is None:
        ontology = ontology_for(graph)
    fallback = None
    if engine == "fast":
        try:
            store = compiled.store_of(graph, ontology)
            used = shapes_used(shapes_graph, only)
            report_graph = compiled.report_graph(store, shapes_graph, used)
            return report_from_graph(report_graph, StoreLabels(store), base, len(graph))
        except Unsupported as err:
            fallback = str(err)
    return _pyshacl_report(graph, ontology, shapes_graph, only, base, len(graph), fallback)


def validate_store(
    store: ox.Store,
    triples: int,
    *,
    fallback: Callable[[], Graph],
    shapes: Graph | None = None,
    only: Iterable[URIRef] | None = None,
    base: str = DEFAULT_BASE,
) -> ValidationReport:
    """Validate the graph in `store`, which holds its ontology already (as nkkg's build does).

    The path of `nkkg build`: nothing but the store is needed, so no rdflib Graph
    of the data is made. `fallback` gives that Graph only where the compiled
    engine cannot validate; the report's `fallback` says why. `only` as for
    validate_graph.
    """
    shapes_graph = shapes if shapes is not None else packaged_shapes()
    only = list(only) if only is not None else None
    try:
        report_graph = compiled.report_graph(store, shapes_graph, shapes_used(shapes_graph, only))
        return report_from_graph(report_graph, StoreLabels(store), base, triples)
    except Unsupported as err:
        graph = fallback()
        ontology = ontology_for(graph)
        return _pyshacl_report(graph, ontology, shapes_graph, only, base, triples, str(err))


def _pyshacl_report(
    graph: Graph,
    ontology: Graph | None,
    shapes: Graph,
    only: Iterable[URIRef] | None,
    base: str,
    triples: int,
    fallback: str | None,
) -> ValidationReport:
    """pyshacl's report; `fallback`: why the compiled engine did not validate, if it was asked."""
    work = pyshacl_engine.working_graph(graph, ontology)
    report_graph = pyshacl_engine.run(work, shapes, shapes_used(shapes, only))
    labels = GraphLabels(work)
    return report_from_graph(report_graph, labels, base, triples, "pyshacl", fallback)


def validate_file(path: str | Path) -> ValidationReport:
    """Validate an RDF file a user gives (`nkkg validate FILE`), read straight into pyoxigraph.

    The packaged ontology is added unless the file carries its own (as `nkkg
    build` output does). A dataset format (N-Quads, TriG) is read through
    rdflib, whose reader merges its named graphs.
    """
    if formats.for_path(path).datasets:
        return validate_graph(read_graph(path))
    store = read_store(path)
    triples = len(store)
    header = (
        ox.NamedNode(ONTOLOGY_IRI),
        ox.NamedNode(str(RDF.type)),
        ox.NamedNode(str(OWL.Ontology)),
    )
    if not any(store.quads_for_pattern(*header)):
        ontology = load_ontology().serialize(format="nt", encoding="utf-8")
        store.bulk_load(ontology, format=ox.RdfFormat.N_TRIPLES)
    return validate_store(store, triples, fallback=lambda: read_graph(path))
