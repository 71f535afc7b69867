"""Whole-graph validation on pyoxigraph: every constraint as one query, one report graph.

The "fast" engine of kg.validation.api. The SHACL Core constraints
(kg.validation.compiled.core) and the SHACL-SPARQL ones
(kg.validation.compiled.sparql) run once each over a pyoxigraph store, and their
rows become the report graph pyshacl would write: the same results, the same
messages, the same sh:resultPath nodes (blank-node paths copied with their
identifiers, as pyshacl's keepid does). No rdflib Graph of the data is made, so
validation costs what the queries cost: linear in the graph for these shapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.errors import NkkgError
from kg.graph.terms import compact, from_oxigraph, nt, oxigraph_store
from kg.validation.compiled import core, sparql
from kg.validation.compiled.subset import RANGES
from kg.validation.compiled.unsupported import Unsupported, shape_name
from kg.validation.shapes import packaged_shapes


@cache
def _packaged(shapes_id: int, shapes: Graph) -> tuple[list[core.CoreCheck], list]:
    return core.checks(shapes), sparql.checks(shapes)


def compiled(shapes: Graph) -> tuple[list[core.CoreCheck], list[sparql.SparqlCheck]]:
    """The shapes as whole-graph queries; compiled once for the packaged shapes."""
    if shapes is packaged_shapes():
        return _packaged(id(shapes), shapes)
    return core.checks(shapes), sparql.checks(shapes)


def report_graph(store: ox.Store, shapes: Graph, used: Iterable[str] | None = None) -> Graph:
    """pyshacl's report graph for the data in `store` (Unsupported: let pyshacl do it).

    `used`: the IRIs of the node shapes to check (all when None).
    """
    core_checks, sparql_checks = compiled(shapes)
    wanted = set(used) if used is not None else None
    writer = _ReportWriter(store, shapes)
    header = BNode()
    writer.report.add((header, RDF.type, SH.ValidationReport))
    checks = [c for c in core_checks if wanted is None or str(c.node_shape) in wanted]
    for check, focus, value in core_results(store, shapes, checks):
        writer.report.add((header, SH.result, writer.add(check, focus, value)))
    found = [c for c in sparql_checks if wanted is None or str(c.shape) in wanted]
    for result, result_triples in sparql.results(store, found):
        writer.report.add((header, SH.result, result))
        for triple in result_triples:
            writer.report.add(triple)
    violated = (None, SH.resultSeverity, SH.Violation) in writer.report
    writer.report.add((header, SH.conforms, Literal(not violated)))
    return writer.report


class _ReportWriter:
    """Results into a report graph as pyshacl writes them, sh:node's details included."""

    def __init__(self, store: ox.Store, shapes: Graph) -> None:
        self.store, self.shapes = store, shapes
        self.report = Graph()
        self.details: dict[Node, list[core.CoreCheck]] = {}

    def add(self, check: core.CoreCheck, focus: Node, value: Node | None) -> BNode:
        node = BNode()
        triples = sparql.result_triples(
            node, check.component, check.shape, check.severity, focus, value, check.path,
            check.messages,
        )  # fmt: skip
        if isinstance(check.path, BNode):
            _copy_node(self.shapes, check.path, self.report)
        for triple in triples:
            self.report.add(triple)
        inner = check.argument
        if (
            check.component == SH.NodeConstraintComponent
            and inner is not None
            and value is not None
        ):
            if inner not in self.details:
                self.details[inner] = core.shape_checks(self.shapes, inner)
            for detail, sub_focus, sub_value in core_results(
                self.store, self.shapes, self.details[inner], focus=value
            ):
                self.report.add((node, SH.detail, self.add(detail, sub_focus, sub_value)))
        return node


def _copy_node(source: Graph, node: BNode, target: Graph) -> None:
    """A blank node's description (a path), recursively, keeping its identifiers."""
    for p, o in source.predicate_objects(node):
        target.add((node, p, o))
        if isinstance(o, BNode):
            _copy_node(source, o, target)


def store_of(graph: Graph, ontology: Graph | None) -> ox.Store:
    """The graph and the ontology in one pyoxigraph store, read leniently.

    So a literal pyoxigraph would refuse to make (a malformed language tag) is
    kept for the shapes to report. Unsupported for a term N-Triples cannot write.
    """
    graphs = [graph] if ontology is None else [graph, ontology]
    try:
        return oxigraph_store((t for g in graphs for t in g), lenient=True)
    except (NkkgError, ValueError, SyntaxError) as err:
        raise Unsupported(str(err), feature="the data") from None


def core_results(
    store: ox.Store, shapes: Graph, found: list[core.CoreCheck], focus: Node | None = None
) -> Iterator[tuple[core.CoreCheck, Node, Node | None]]:
    """(check, focus node, value node or None) for every result, in the checks' order.

    `focus`: the node to write in for core.FOCUS, for the checks of shape_checks().
    """
    for check in found:
        query = check.query if focus is None else check.query.replace(core.FOCUS, nt(focus))
        try:
            solutions = store.query(query)
        except (SyntaxError, OSError, ValueError) as err:
            where = {"feature": compact(check.component), "shape": shape_name(shapes, check.shape)}
            raise Unsupported(f"the query failed: {err}", **where) from None
        assert isinstance(solutions, ox.QuerySolutions)
        operator = _RANGE_TESTS.get(check.component)
        for solution in solutions:
            this, value = from_oxigraph(solution["this"]), solution["value"]
            term = from_oxigraph(value) if value is not None else None
            if operator is not None and _in_range(term, operator, check.argument):
                continue
            yield check, this, term


_RANGE_TESTS = {
    SH[f"{name}ConstraintComponent"]: op for op, name in RANGES.values()
}  # fmt: skip
_OPERATORS = {
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
}


def _in_range(value: Node | None, operator: str, bound: Node | None) -> bool:
    """A second look at a range result, in Python's arithmetic.

    pyoxigraph's xsd:integer is 64-bit, so a comparison with 10^38 is an error
    there, which the query reports; Python compares such numbers exactly, as
    pyshacl does. Anything not a number of the bound's kind stays a result.
    """
    if not isinstance(value, Literal) or not isinstance(bound, Literal):
        return False
    a, b = value.value, bound.value
    numbers = (int, float, Decimal)
    if isinstance(a, bool) or not isinstance(a, numbers) or not isinstance(b, numbers):
        return False
    try:
        return bool(_OPERATORS[operator](a, b))
    except (TypeError, ArithmeticError):
        return False
