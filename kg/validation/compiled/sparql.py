"""SHACL-SPARQL constraints run once over the whole graph, on pyoxigraph.

pyshacl evaluates a SPARQL-based constraint once per focus node with rdflib's
engine: on the packaged data that was 75% of a validation, and its cost grows
with the graph for every node. Here each constraint becomes one query: the
shape's targets are put first in the WHERE clause as a sub-select of
DISTINCT ?this, and `$this` becomes `?this`, so pyoxigraph answers for every
focus node at once. The solutions become validation results exactly as pyshacl
makes them (SHACL 5.3.2 with pyshacl's choices: ?value, else the focus node of a
node shape; ?path; messages with {?var} filled in; duplicate rows within a focus
node dropped), beside the results of the SHACL Core constraints
(kg.validation.compiled.core). A test compares both engines on every planted fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.graph.terms import compact, from_oxigraph, nt
from kg.rdf.namespace import NKKGSH
from kg.validation.compiled.unsupported import Unsupported, about

WHOLE_GRAPH_SELECT = URIRef(NKKGSH + "wholeGraphSelect")
_THIS = re.compile(r"\$this\b")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
# the pre-bound variables other than $this, which pyshacl binds and these queries do not
_PRE_BOUND = re.compile(r"[?$](currentShape|shapesGraph|PATH)\b")


@dataclass(frozen=True)
class SparqlCheck:
    """One sh:SPARQLConstraint of one node shape, as a whole-graph query."""

    shape: URIRef
    constraint: Node
    severity: URIRef
    messages: tuple[Literal, ...]
    query: str


def targets(shapes: Graph, shape: URIRef) -> list[str]:
    patterns = [
        f"{{ ?this <{RDF.type}>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {nt(c)} }}"
        for c in shapes.objects(shape, SH.targetClass)
    ]
    patterns += [f"{{ VALUES ?this {{ {nt(n)} }} }}" for n in shapes.objects(shape, SH.targetNode)]
    patterns += [f"{{ ?this {nt(p)} ?_s }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    patterns += [f"{{ ?_o {nt(p)} ?this }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    return patterns


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for ontology in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def _whole_graph_query(select: str, targets: list[str], prefixes: str) -> str:
    match = _WHERE.search(select)
    if match is None:
        raise Unsupported("an sh:select without a WHERE clause is not compiled")
    pre_bound = _PRE_BOUND.search(select)
    if pre_bound is not None:
        raise Unsupported(f"an sh:select that uses {pre_bound.group()} is not compiled")
    focus = " UNION ".join(targets)
    text = select[: match.end()] + f" {{ SELECT DISTINCT ?this WHERE {{ {focus} }} }} "
    text += select[match.end() :]
    return prefixes + "\n" + _THIS.sub("?this", text)


def checks(shapes: Graph) -> list[SparqlCheck]:
    """Every SPARQL-based constraint of the node shapes, as a whole-graph query.

    Raises Unsupported for what this path does not do (SPARQL constraints of
    property shapes or of shapes without targets, deactivated ones, pre-bound
    variables other than $this).
    """
    found = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        with about(shapes, shape, SH.sparql):
            found.append(_check(shapes, shape, constraint))
    return found


def _check(shapes: Graph, shape: Node, constraint: Node) -> SparqlCheck:
    if not isinstance(shape, URIRef) or (shape, SH.path, None) in shapes:
        raise Unsupported("SPARQL constraints are compiled on node shapes named by an IRI only")
    if (constraint, SH.deactivated, None) in shapes or (shape, SH.deactivated, None) in shapes:
        raise Unsupported("sh:deactivated is not compiled")
    # the whole-graph form where the shapes give one (nkkgsh:wholeGraphSelect), else sh:select
    select = shapes.value(constraint, WHOLE_GRAPH_SELECT) or shapes.value(constraint, SH.select)
    if select is None:
        raise Unsupported("a SPARQL constraint without sh:select is not compiled")
    found = targets(shapes, shape)
    if not found:
        raise Unsupported("SPARQL constraints are compiled on shapes with targets only")
    severity = shapes.value(shape, SH.severity) or SH.Violation
    messages = tuple(
        sorted(
            (m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)),
            key=str,
        )
    )
    query = _whole_graph_query(str(select), found, _prefixes(shapes, constraint))
    return SparqlCheck(shape, constraint, severity, messages, query)  # type: ignore[arg-type]


def result_triples(
    node: BNode,
    component: URIRef,
    shape: Node,
    severity: Node,
    focus: Node,
    value: Node | None,
    path: Node | None,
    messages: Iterable[Literal],
) -> list[tuple[Node, Node, Node]]:
    """One validation result's triples, as pyshacl writes them (both engines use this)."""
    triples: list[tuple[Node, Node, Node]] = [
        (node, RDF.type, SH.ValidationResult),
        (node, SH.sourceConstraintComponent, component),
        (node, SH.sourceShape, shape),
        (node, SH.resultSeverity, severity),
        (node, SH.focusNode, focus),
    ]
    if value is not None:
        triples.append((node, SH.value, value))
    if path is not None:
        triples.append((node, SH.resultPath, path))
    triples += [(node, SH.resultMessage, m) for m in messages]
    return triples


def _message(template: Literal, bound: Mapping[str, Node]) -> Literal:
    text = str(template.value)
    for name, value in bound.items():
        text = re.sub(f"{{[?$]{name}}}", str(value), text)
    return Literal(text)


def results(store: ox.Store, found: Iterable[SparqlCheck]) -> Iterator[tuple[Node, list[tuple]]]:
    """For each violating solution: a result node and its triples, as pyshacl writes them."""
    for check in found:
        seen: set[tuple] = set()
        try:
            solutions = store.query(check.query)
        except (SyntaxError, OSError, ValueError) as err:
            why = f"the query failed: {err}"
            where = {"feature": "sh:SPARQLConstraintComponent", "shape": compact(check.shape)}
            raise Unsupported(why, **where) from None
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            bound = {
                name: from_oxigraph(solution[name]) for name in names if solution[name] is not None
            }
            focus, path, value = bound.get("this"), bound.get("path"), bound.get("value")
            if focus is None:
                why = "a solution without ?this"
                where = {"feature": "sh:SPARQLConstraintComponent", "shape": compact(check.shape)}
                raise Unsupported(why, **where)
            key = (focus, path, value, tuple(sorted((k, str(v)) for k, v in bound.items())))
            if key in seen:
                continue
            seen.add(key)
            # pyshacl fills {?value} with the focus node of a node shape where ?value is unbound
            named = {**bound, "value": value if value is not None else focus}
            node = BNode()
            messages = [_message(m, named) for m in check.messages]
            triples = result_triples(
                node, SH.SPARQLConstraintComponent, check.shape, check.severity, focus,
                value if value is not None else focus, path, messages,
            )  # fmt: skip
            triples.append((node, SH.sourceConstraint, check.constraint))
            yield node, triples
