"""Check a graph against the SHACL shapes (shapes/): the entry points and the report.

Both engines see the data graph and the ontology merged, with no inference:
the ontology's rdfs:subClassOf axioms let sh:targetClass and sh:class see
subclasses, while RDFS inference would turn the ranges of nkkg:seat and
nkkg:withinProvince into types and hide the errors the shapes look for. The
fast engine (kg.validation.fast) runs each constraint once over the whole
graph on pyoxigraph; pyshacl is the reference and the fallback.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SH
from rdflib.term import Node

from kg.errors import NkkgError
from kg.graph.ontology import load_ontology, ontology_for
from kg.graph.reader import read_graph, read_store
from kg.graph.terms import compact
from kg.rdf import formats
from kg.rdf.namespace import DEFAULT_BASE, ONTOLOGY_IRI
from kg.resources import resource_dir
from kg.text import plural
from kg.validation import fast, sparql_checks

SEVERITIES: dict[URIRef, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SEVERITY_ORDER = ("Violation", "Warning", "Info")


class ValidationFailed(NkkgError):
    """A graph with SHACL violations or ontology findings, which nkkg will not ship."""

    def __init__(self, message: str, report: ValidationReport | None = None) -> None:
        super().__init__(message)
        self.report = report


# ---------------------------------------------------------------- shapes and graphs


def shapes_paths() -> list[Path]:
    """The shapes files, in name order."""
    return sorted(resource_dir("shapes").glob("*.ttl"))


@cache
def packaged_shapes() -> Graph:
    """The packaged SHACL shapes, parsed once per process: read them, never modify them."""
    graph = Graph()
    for path in shapes_paths():
        graph.parse(path, format="turtle")
    return graph


def load_shapes() -> Graph:
    """A fresh copy of the packaged SHACL shapes as one rdflib Graph."""
    copy = Graph()
    copy += packaged_shapes()
    return copy


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


def _working_graph(graph: Graph, ontology: Graph | None) -> Graph:
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


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with the focus node's label so a curator can find it."""

    severity: str
    shape: Node
    component: URIRef
    focus: Node
    focus_label: str
    path: Node | None
    path_text: str | None
    value: Node | None
    message: str

    def sort_key(self) -> tuple[int, str, str, str, str, str, str]:
        rank = SEVERITY_ORDER.index(self.severity) if self.severity in SEVERITY_ORDER else 3
        return (
            rank,
            str(self.shape),
            str(self.component),
            str(self.focus),
            self.path_text or "",
            self.value.n3() if self.value is not None else "",
            self.message,
        )


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of `validate_graph`: results sorted by severity, shape, focus, path, value."""

    results: tuple[ValidationResult, ...]
    graph: Graph  # pyshacl's report graph
    triples: int  # size of the graph given, before the ontology is merged in

    @property
    def conforms(self) -> bool:
        """True when there is no violation; warnings and infos are allowed."""
        return self.count("Violation") == 0

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def counts(self) -> dict[str, int]:
        return {severity: self.count(severity) for severity in SEVERITY_ORDER}

    def by_shape(self) -> dict[Node, list[ValidationResult]]:
        groups: dict[Node, list[ValidationResult]] = defaultdict(list)
        for result in self.results:
            groups[result.shape].append(result)
        return dict(groups)

    def summary(self) -> str:
        """'conforms' or 'does not conform', with the counts by severity."""
        counts = ", ".join(plural(n, s.lower()) for s, n in self.counts().items())
        verdict = "conforms" if self.conforms else "does not conform"
        return f"{verdict}: {counts}"


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
    graph on pyoxigraph (kg.validation.fast), or, for shapes it cannot compile,
    pyshacl runs; "pyshacl" lets pyshacl run everything, one focus node at a
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
    if engine == "fast":
        try:
            store = fast.store_of(graph, ontology)
            report_graph = fast.report_graph(store, shapes_graph, _used(shapes_graph, only))
            return _report(report_graph, fast.StoreLabels(store), base, len(graph))
        except sparql_checks.Unsupported:
            pass
    work = _working_graph(graph, ontology)
    report_graph = _pyshacl(work, shapes_graph, _used(shapes_graph, only))
    return _report(report_graph, fast.GraphLabels(work), base, len(graph))


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
    of the data is made. `fallback` gives that Graph only for shapes the fast
    engine cannot compile. `only` as for validate_graph.
    """
    shapes_graph = shapes if shapes is not None else packaged_shapes()
    only = list(only) if only is not None else None
    try:
        report_graph = fast.report_graph(store, shapes_graph, _used(shapes_graph, only))
        return _report(report_graph, fast.StoreLabels(store), base, triples)
    except sparql_checks.Unsupported:
        return validate_graph(
            fallback(), shapes=shapes_graph, only=only, base=base, engine="pyshacl"
        )


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


def _used(shapes: Graph, only: Iterable[URIRef] | None) -> list[str] | None:
    return _with_shapes_used(shapes, only) if only is not None else None


def _pyshacl(work: Graph, shapes: Graph, used: list[str] | None) -> Graph:
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


def _report(
    report_graph: Graph, lookups: fast.StoreLabels | fast.GraphLabels, base: str, triples: int
) -> ValidationReport:
    nodes = report_graph.subjects(RDF.type, SH.ValidationResult)
    results = sorted(
        (_result(report_graph, node, lookups, base) for node in nodes),
        key=ValidationResult.sort_key,
    )
    return ValidationReport(tuple(results), report_graph, triples)


def _with_shapes_used(shapes: Graph, only: Iterable[URIRef]) -> list[str]:
    """The given shapes and every shape they reach through sh:property, sh:node or sh:or."""
    todo, seen = list(only), set()
    while todo:
        shape = todo.pop()
        if shape in seen:
            continue
        seen.add(shape)
        for predicate in (SH.property, SH.node, SH.qualifiedValueShape):
            todo.extend(shapes.objects(shape, predicate))  # type: ignore[arg-type]
        for items in shapes.objects(shape, SH["or"]):
            todo.extend(shapes.items(items))  # type: ignore[arg-type]
    return sorted(str(shape) for shape in seen if isinstance(shape, URIRef))


def _result(
    report: Graph, node: Node, lookups: fast.StoreLabels | fast.GraphLabels, base: str
) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    severity = report.value(node, SH.resultSeverity)
    assert focus is not None
    return ValidationResult(
        severity=SEVERITIES.get(severity, str(severity)) if isinstance(severity, URIRef) else "",
        shape=report.value(node, SH.sourceShape),  # type: ignore[arg-type]
        component=report.value(node, SH.sourceConstraintComponent),  # type: ignore[arg-type]
        focus=focus,
        focus_label=fast.focus_label(lookups, focus),
        path=path,
        path_text=path_text(report, path, base) if path is not None else None,
        value=report.value(node, SH.value),
        message=messages[0] if messages else "",
    )


def path_text(graph: Graph, path: Node, base: str | None) -> str:
    """A SHACL path in SPARQL property-path syntax, with prefixed names under `base`.

    With `base` None (for JSON) a predicate path is the bare IRI and a complex
    path uses <full IRIs>.
    """
    if isinstance(path, URIRef):
        return compact(path, base) if base is not None else str(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _full_path(graph, inverse, base)
    items = list(graph.items(path))
    if items:
        return "/".join(_full_path(graph, item, base) for item in items)
    return path.n3()


def _full_path(graph: Graph, path: Node, base: str | None) -> str:
    if base is None and isinstance(path, URIRef):
        return f"<{path}>"
    return path_text(graph, path, base)
