"""Check a graph against the SHACL shapes (shapes/) and the ontology against ROBOT-style rules.

`validate_graph` runs pyshacl with the data graph and the ontology merged and no
inference: the ontology's rdfs:subClassOf axioms let sh:targetClass and sh:class
see subclasses, while RDFS inference would turn the ranges of nkkg:seat and
nkkg:withinProvince into types and hide the errors the shapes look for.

`check_ontology` is the ontology's own lint: labels, definitions, the header,
and that every nkkg: term the data or the shapes use is declared.

A user's file for `nkkg validate FILE` is read by kg.rdfio.read_graph.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD, NamespaceManager
from rdflib.term import Node

from kg.builder import load_ontology
from kg.errors import NkkgError
from kg.namespace import DEFAULT_BASE, NKKG, ONTOLOGY_IRI
from kg.rdfio import to_json
from kg.resources import resource_dir
from kg.serialize import prefixes as graph_prefixes
from kg.serialize import sorted_triples

SHAPES_IRI = "https://w3id.org/nkkg/shapes"
NKKGSH = SHAPES_IRI + "#"

SEVERITIES: dict[URIRef, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SEVERITY_ORDER = ("Violation", "Warning", "Info")


class ValidationFailed(NkkgError):
    """A graph with SHACL violations or ontology findings that `nkkg build` refuses to write."""

    def __init__(self, message: str, report: ValidationReport | None = None) -> None:
        super().__init__(message)
        self.report = report


# ---------------------------------------------------------------- shapes and graphs


def shapes_paths() -> list[Path]:
    """The shapes files, in name order."""
    return sorted(resource_dir("shapes").glob("*.ttl"))


def load_shapes() -> Graph:
    """The packaged SHACL shapes as one rdflib Graph."""
    graph = Graph()
    for path in shapes_paths():
        graph.parse(path, format="turtle")
    return graph


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

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def _working_copy(graph: Graph, ontology: Graph | None) -> Graph:
    """The data graph with the ontology merged in, as a fresh graph pyshacl may use in place."""
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

    def sort_key(self) -> tuple[int, str, str, str, str, str]:
        rank = SEVERITY_ORDER.index(self.severity) if self.severity in SEVERITY_ORDER else 3
        return (
            rank,
            str(self.shape),
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
        counts = ", ".join(_plural(n, s.lower()) for s, n in self.counts().items())
        verdict = "conforms" if self.conforms else "does not conform"
        return f"{verdict}: {counts}"


def validate_graph(
    graph: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    only: Iterable[URIRef] | None = None,
    base: str = DEFAULT_BASE,
) -> ValidationReport:
    """Validate `graph` together with the ontology.

    The ontology is `ontology` if given; else the graph's own if it carries
    the nkkg ontology header (as `nkkg build` output does); else the packaged
    one. `only` limits validation to those node shapes and the shapes they use
    (pyshacl's use_shapes skips any shape it is not given, even one that a
    given shape refers to). The caller's graph is not modified. `base` only
    affects how IRIs are abbreviated in the results' text.
    """
    import pyshacl  # imported here: it adds to every command's start-up time

    shapes_graph = shapes if shapes is not None else load_shapes()
    if ontology is None and not has_ontology_header(graph):
        ontology = load_ontology()
    work = _working_copy(graph, ontology)
    _conforms, report_graph, _text = pyshacl.validate(
        work,
        shacl_graph=shapes_graph,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
        inplace=True,
        use_shapes=_with_shapes_used(shapes_graph, only) if only is not None else None,
    )
    names = namespace_manager(base)
    nodes = report_graph.subjects(RDF.type, SH.ValidationResult)
    results = sorted(
        (_result(report_graph, node, work, names) for node in nodes), key=ValidationResult.sort_key
    )
    return ValidationReport(tuple(results), report_graph, len(graph))


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


def has_ontology_header(graph: Graph) -> bool:
    """Whether the graph carries the nkkg ontology (its owl:Ontology header)."""
    return (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in graph


def _result(report: Graph, node: Node, data: Graph, names: NamespaceManager) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    severity = report.value(node, SH.resultSeverity)
    assert focus is not None
    return ValidationResult(
        severity=SEVERITIES.get(severity, str(severity)),  # type: ignore[arg-type]
        shape=report.value(node, SH.sourceShape),  # type: ignore[arg-type]
        component=report.value(node, SH.sourceConstraintComponent),  # type: ignore[arg-type]
        focus=focus,
        focus_label=focus_label(data, focus),
        path=path,
        path_text=_path_text(report, path, names) if path is not None else None,
        value=report.value(node, SH.value),
        message=messages[0] if messages else "",
    )


def _path_text(graph: Graph, path: Node, names: NamespaceManager | None) -> str:
    """A SHACL path in SPARQL property-path syntax, abbreviated with `names` if given.

    A predicate path without `names` is the bare IRI (for JSON).
    """
    if isinstance(path, URIRef):
        return compact(path, names) if names is not None else str(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse, names or _FULL)
    items = list(graph.items(path))
    if items:
        return "/".join(_path_text(graph, item, names or _FULL) for item in items)
    return path.n3()


_FULL = NamespaceManager(Graph(), bind_namespaces="none")  # no prefixes: <full IRIs>


def focus_label(graph: Graph, node: Node) -> str:
    """A readable name: the English label, else that of the place a claim or period is about."""
    label = _english_label(graph, node)
    if label is not None:
        return label
    for link, what in ((NKKG.claim, "claim"), (NKKG.statusPeriod, "status period")):
        owner = graph.value(None, link, node)
        if owner is not None:
            owner_label = _english_label(graph, owner)
            return f"{owner_label or str(owner)}, {what}"
    return ""


def _english_label(graph: Graph, node: Node) -> str | None:
    labels = sorted(
        str(o)
        for o in graph.objects(node, RDFS.label)
        if isinstance(o, Literal) and (o.language or "").lower().split("-")[0] == "en"
    )
    return labels[0] if labels else None


# ---------------------------------------------------------------- writing the report


def namespace_manager(base: str = DEFAULT_BASE) -> NamespaceManager:
    """Prefixes for reports: the graph's own, plus sh: and nkkgsh:."""
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, iri in {**graph_prefixes(base), "sh": str(SH), "nkkgsh": NKKGSH}.items():
        manager.bind(prefix, iri, override=True, replace=True)
    return manager


def compact(node: Node, names: NamespaceManager) -> str:
    """A prefixed name where a prefix fits (id:kaesong), else the N-Triples form."""
    if isinstance(node, URIRef):
        try:
            prefix, _namespace, local = names.compute_qname_strict(str(node), generate=False)
        except (KeyError, ValueError):
            return f"<{node}>"
        return f"{prefix}:{local}" if prefix else f"<{node}>"
    if isinstance(node, Literal):
        return _literal_text(node, names)
    return node.n3()


def _literal_text(node: Literal, names: NamespaceManager) -> str:
    if node.language:
        return f'"{node}"@{node.language}'
    if node.datatype in (XSD.integer, XSD.decimal) and node.value is not None:
        return str(node)
    if node.datatype is None or node.datatype == XSD.string:
        return f'"{node}"'
    return f'"{node}"^^{compact(node.datatype, names)}'


def component_name(component: URIRef) -> str:
    """sh:MinCountConstraintComponent -> MinCount."""
    return str(component).removeprefix(str(SH)).removesuffix("ConstraintComponent")


def report_turtle(report: ValidationReport, base: str = DEFAULT_BASE) -> bytes:
    """pyshacl's report graph as Turtle, with the same bytes for the same results.

    Blank nodes get canonical labels (rdflib.compare), renumbered in their
    sorted order; then kg.serialize's sorting and pyoxigraph's writer apply.
    A report that quotes a literal pyoxigraph refuses (a malformed language
    tag) is written as sorted N-Triples lines, which are Turtle too.
    """
    canonical = list(to_canonical_graph(report.graph))
    labels = sorted({str(n) for t in canonical for n in t if isinstance(n, BNode)})
    renamed = {label: BNode(f"r{number}") for number, label in enumerate(labels, start=1)}
    triples = [tuple(renamed[str(n)] if isinstance(n, BNode) else n for n in t) for t in canonical]
    names = {**graph_prefixes(base), "sh": str(SH), "nkkgsh": NKKGSH}
    try:
        return ox.serialize(sorted_triples(triples), format=ox.RdfFormat.TURTLE, prefixes=names)
    except ValueError:
        lines = sorted({" ".join(n.n3() for n in t) + " .\n" for t in triples})
        return "".join(lines).encode("utf-8")


def report_json(report: ValidationReport) -> str:
    """The results as a JSON list; values are encoded as in SPARQL JSON results."""
    items = [
        {
            "severity": r.severity,
            "shape": _term_text(r.shape),
            "constraint": component_name(r.component),
            "focus": _term_text(r.focus),
            "focus_label": r.focus_label,
            "path": _path_text(report.graph, r.path, None) if r.path is not None else None,
            "value": to_json(r.value) if r.value is not None else None,
            "message": r.message,
        }
        for r in report.results
    ]
    return json.dumps(items, ensure_ascii=False, indent=2)


def _term_text(node: Node) -> str:
    return str(node) if isinstance(node, URIRef) else node.n3()


def report_lines(
    report: ValidationReport, source: str, base: str = DEFAULT_BASE
) -> list[tuple[str, str]]:
    """The text report as (style, text) lines: counts first, then results grouped by shape.

    Styles are rich style names; printed without a terminal they vanish and
    the text stays plain.
    """
    names = namespace_manager(base)
    lines: list[tuple[str, str]] = []
    verdict_style = "bold green" if report.conforms else "bold red"
    lines.append(
        (verdict_style, f"{source}: {_plural(report.triples, 'triple')}, {report.summary()}")
    )
    for shape, results in report.by_shape().items():
        severity = results[0].severity
        style = {"Violation": "bold red", "Warning": "bold yellow"}.get(severity, "bold")
        lines.append(("", ""))
        lines.append((style, f"{compact(shape, names)}: {_plural(len(results), severity.lower())}"))
        for r in results:
            lines.append(("bold", f"  {_where(r, names)}"))
            if r.path_text is not None:
                lines.append(("", f"    path:       {r.path_text}"))
            if r.value is not None:
                lines.append(("", f"    value:      {compact(r.value, names)}"))
            lines.append(("", f"    constraint: {component_name(r.component)}"))
            lines.append(("", f"    message:    {r.message}"))
    return lines


def first_results_line(report: ValidationReport, limit: int = 2, base: str = DEFAULT_BASE) -> str:
    """The first violations in one line, for `nkkg build`'s refusal."""
    names = namespace_manager(base)
    parts = []
    violations = [r for r in report.results if r.severity == "Violation"]
    for r in violations[:limit]:
        path = f" {r.path_text}" if r.path_text else ""
        parts.append(f"{_where(r, names)}{path}: {r.message} [{compact(r.shape, names)}]")
    if len(violations) > limit:
        parts.append(f"and {len(violations) - limit} more")
    return "; ".join(parts)


def _where(result: ValidationResult, names: NamespaceManager) -> str:
    focus = compact(result.focus, names)
    return f"{result.focus_label} ({focus})" if result.focus_label else focus


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# ---------------------------------------------------------------- ontology checks

# rdf:type values that declare a term of the ontology.
DECLARATIONS = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
        OWL.NamedIndividual,
        SKOS.ConceptScheme,
    }
)
HEADER = (
    (DCTERMS.title, "dct:title"),
    (DCTERMS.description, "dct:description"),
    (DCTERMS.license, "dct:license"),
    (OWL.versionIRI, "owl:versionIRI"),
    (OWL.versionInfo, "owl:versionInfo"),
)


def declared_terms(ontology: Graph) -> set[URIRef]:
    """The nkkg: terms the ontology declares (typed as a class, property, individual or scheme)."""
    return {
        s
        for s, o in ontology.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(str(NKKG)) and o in DECLARATIONS
    }


def check_ontology(
    ontology: Graph | None = None,
    *,
    data: Graph | None = None,
    shapes: Graph | None = None,
) -> list[str]:
    """ROBOT-report-style findings, one line each; an empty list means the ontology passes.

    Every declared nkkg: term has exactly one English rdfs:label and one English
    skos:definition; no two terms share an English label (ignoring case); the
    header has a title, description, licence and version; and every nkkg: term
    that the ontology itself, the data or the shapes use is declared.
    """
    onto = ontology if ontology is not None else load_ontology()
    names = namespace_manager()
    findings: list[str] = []
    declared = declared_terms(onto)
    findings.extend(_header_findings(onto))
    by_label: dict[str, list[URIRef]] = defaultdict(list)
    for term in sorted(declared):
        name = compact(term, names)
        labels = _english(onto.objects(term, RDFS.label))
        definitions = _english(onto.objects(term, SKOS.definition))
        if len(labels) != 1:
            findings.append(
                f"{name}: {len(labels)} English rdfs:label values (expected exactly one)"
            )
        if len(definitions) != 1:
            findings.append(
                f"{name}: {len(definitions)} English skos:definition values (expected exactly one)"
            )
        for label in labels:
            by_label[" ".join(label.lower().split())].append(term)
    for label, terms in sorted(by_label.items()):
        if len(terms) > 1:
            shared = ", ".join(compact(t, names) for t in terms)
            findings.append(f"{shared} share the English label '{label}'")
    for where, graph in (("ontology", onto), ("data", data), ("shapes", shapes)):
        if graph is None:
            continue
        for term in sorted(_nkkg_terms(graph) - declared):
            findings.append(f"{compact(term, names)} is used by the {where} but not declared")
    return findings


def _header_findings(onto: Graph) -> list[str]:
    headers = [s for s in onto.subjects(RDF.type, OWL.Ontology) if str(s) == ONTOLOGY_IRI]
    if not headers:
        return [f"no owl:Ontology header for <{ONTOLOGY_IRI}>"]
    header = headers[0]
    return [
        f"ontology header: no {name}"
        for predicate, name in HEADER
        if onto.value(header, predicate) is None
    ]


def _english(values: Iterable[Node]) -> list[str]:
    return sorted(
        str(v)
        for v in values
        if isinstance(v, Literal) and (v.language or "").lower().split("-")[0] == "en"
    )


_PREFIXED_TERM = re.compile(r"\bnkkg:([A-Za-z_][A-Za-z0-9_]*)")


def _nkkg_terms(graph: Graph) -> set[URIRef]:
    """nkkg: IRIs in the graph, and nkkg: names in its SPARQL texts (sh:select, sh:ask)."""
    namespace = str(NKKG)
    terms = {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(namespace)
    }
    for predicate in (SH.select, SH.ask):
        for text in graph.objects(None, predicate):
            terms.update(URIRef(namespace + name) for name in _PREFIXED_TERM.findall(str(text)))
    return terms
