"""The report model: severities, results, the report, and the error that carries one.

Both engines (kg.validation.compiled and kg.validation.pyshacl_engine) write a
SHACL report graph as pyshacl does; `report_from_graph` reads it into a
ValidationReport whose results carry the focus node's label and the path as
text, so the two engines' reports compare equal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.errors import NkkgError
from kg.graph.terms import compact, from_oxigraph, to_oxigraph
from kg.rdf.namespace import NKKG
from kg.text import plural

SEVERITIES: dict[URIRef, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SEVERITY_ORDER = ("Violation", "Warning", "Info")


class ValidationFailed(NkkgError):
    """A graph with SHACL violations or ontology findings, which nkkg will not ship."""

    def __init__(self, message: str, report: ValidationReport | None = None) -> None:
        super().__init__(message)
        self.report = report


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
    engine: str = "fast"  # the engine that validated: "fast" (compiled) or "pyshacl"
    # why pyshacl ran where the compiled engine was asked for: what it does not support,
    # e.g. "sh:EqualsConstraintComponent in ex:S (sh:equals is not compiled)"; else None
    fallback: str | None = None

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


# ---------------------------------------------------------------- labels of focus nodes


class Labels(Protocol):
    """What focus_label asks of a graph, whichever library holds it."""

    def labels(self, node: Node) -> list[Node]: ...

    def owners(self, link: URIRef, node: Node) -> list[Node]: ...


class StoreLabels:
    """focus_label's lookups, answered by a pyoxigraph store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def labels(self, node: Node) -> list[Node]:
        subject = to_oxigraph(node)
        if isinstance(subject, ox.Literal):
            return []
        found = self.store.quads_for_pattern(subject, ox.NamedNode(str(RDFS.label)), None)
        return [from_oxigraph(q.object) for q in found]

    def owners(self, link: URIRef, node: Node) -> list[Node]:
        found = self.store.quads_for_pattern(None, ox.NamedNode(str(link)), to_oxigraph(node))
        return [from_oxigraph(q.subject) for q in found]


class GraphLabels:
    """focus_label's lookups, answered by an rdflib Graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def labels(self, node: Node) -> list[Node]:
        return list(self.graph.objects(node, RDFS.label))

    def owners(self, link: URIRef, node: Node) -> list[Node]:
        return list(self.graph.subjects(link, node))


def focus_label(lookups: Labels, node: Node) -> str:
    """A readable name: the English label, else that of the place a claim or period is about."""
    label = _english_label(lookups, node)
    if label is not None:
        return label
    for link, what in ((NKKG.claim, "claim"), (NKKG.statusPeriod, "status period")):
        owners = sorted(lookups.owners(link, node), key=str)
        if owners:
            owner_label = _english_label(lookups, owners[0])
            return f"{owner_label or str(owners[0])}, {what}"
    return ""


def _english_label(lookups: Labels, node: Node) -> str | None:
    labels = sorted(
        str(o)
        for o in lookups.labels(node)
        if isinstance(o, Literal) and (o.language or "").lower().split("-")[0] == "en"
    )
    return labels[0] if labels else None


# ---------------------------------------------------------------- from a report graph


def report_from_graph(
    report_graph: Graph,
    lookups: Labels,
    base: str,
    triples: int,
    engine: str = "fast",
    fallback: str | None = None,
) -> ValidationReport:
    """The ValidationReport of a SHACL report graph; `lookups` find the focus nodes' labels."""
    nodes = report_graph.subjects(RDF.type, SH.ValidationResult)
    results = sorted(
        (_result(report_graph, node, lookups, base) for node in nodes),
        key=ValidationResult.sort_key,
    )
    return ValidationReport(tuple(results), report_graph, triples, engine, fallback)


def _result(report: Graph, node: Node, lookups: Labels, base: str) -> ValidationResult:
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
        focus_label=focus_label(lookups, focus),
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
