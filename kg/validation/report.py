"""The SHACL report in the forms people and tools read: text lines, JSON, Turtle."""

from __future__ import annotations

import json

from rdflib import BNode, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import SH
from rdflib.term import Node

from kg.graph.terms import compact, nt, to_json
from kg.rdf import formats
from kg.rdf.namespace import DEFAULT_BASE, prefixes
from kg.rdf.nt import sorted_text
from kg.text import plural
from kg.validation.model import ValidationReport, ValidationResult, path_text


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
    triples = [
        (renamed.get(str(s), s), p, renamed.get(str(o), o) if isinstance(o, BNode) else o)
        for s, p, o in canonical
    ]
    text = sorted_text(triples)
    try:
        return formats.get("turtle").write(text, base, prefixes(base, report=True))
    except (ValueError, SyntaxError):
        return text


def report_json(report: ValidationReport) -> str:
    """The results as a JSON list; values are encoded as in SPARQL JSON results."""
    items = [
        {
            "severity": r.severity,
            "shape": _term_text(r.shape),
            "constraint": component_name(r.component),
            "focus": _term_text(r.focus),
            "focus_label": r.focus_label,
            "path": path_text(report.graph, r.path, None) if r.path is not None else None,
            "value": to_json(r.value) if r.value is not None else None,
            "message": r.message,
        }
        for r in report.results
    ]
    return json.dumps(items, ensure_ascii=False, indent=2)


def _term_text(node: Node) -> str:
    return str(node) if isinstance(node, URIRef) else nt(node)


def report_lines(
    report: ValidationReport, source: str, base: str = DEFAULT_BASE
) -> list[tuple[str, str]]:
    """The text report as (style, text) lines: counts first, then results grouped by shape.

    Where pyshacl validated because the compiled engine could not, a second line says why.

    Styles are rich style names; printed without a terminal they vanish and
    the text stays plain.
    """
    lines: list[tuple[str, str]] = []
    verdict_style = "bold green" if report.conforms else "bold red"
    lines.append(
        (verdict_style, f"{source}: {plural(report.triples, 'triple')}, {report.summary()}")
    )
    if report.fallback is not None:
        why = f"the compiled engine does not support {report.fallback}"
        lines.append(("yellow", f"validated by pyshacl: {why}"))
    for shape, results in report.by_shape().items():
        severity = results[0].severity
        style = {"Violation": "bold red", "Warning": "bold yellow"}.get(severity, "bold")
        lines.append(("", ""))
        lines.append((style, f"{compact(shape, base)}: {plural(len(results), severity.lower())}"))
        for r in results:
            lines.append(("bold", f"  {_where(r, base)}"))
            if r.path_text is not None:
                lines.append(("", f"    path:       {r.path_text}"))
            if r.value is not None:
                lines.append(("", f"    value:      {compact(r.value, base)}"))
            lines.append(("", f"    constraint: {component_name(r.component)}"))
            lines.append(("", f"    message:    {r.message}"))
    return lines


def first_results_line(report: ValidationReport, limit: int = 2, base: str = DEFAULT_BASE) -> str:
    """The first violations in one line, for `nkkg build`'s refusal."""
    parts = []
    violations = [r for r in report.results if r.severity == "Violation"]
    for r in violations[:limit]:
        path = f" {r.path_text}" if r.path_text else ""
        parts.append(f"{_where(r, base)}{path}: {r.message} [{compact(r.shape, base)}]")
    if len(violations) > limit:
        parts.append(f"and {len(violations) - limit} more")
    return "; ".join(parts)


def _where(result: ValidationResult, base: str) -> str:
    focus = compact(result.focus, base)
    return f"{result.focus_label} ({focus})" if result.focus_label else focus
