"""The linear shapes give the same reports as the shapes before they were made linear.

nkkgsh:ValueHasClaimConstraint was rewritten so that rdflib evaluates it from
the focus node's own claims (its cost per node no longer grows with the
graph). tests/fixtures/shapes-quadratic.ttl keeps the shapes as they were.
The two files differ in that constraint's text and comment only (checked
here), so every other shape gives the same results by construction; the
reports are compared in full on the seed graph and on rank faults, and for
the changed shape on every planted fault of tests/test_shapes.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SH
from test_shapes import CASES, ID, Case, changed_copy

from kg.namespace import NKKG
from kg.validate import NKKGSH, ValidationReport, load_shapes, report_turtle, validate_graph

OLD_SHAPES = Path(__file__).parent / "fixtures" / "shapes-quadratic.ttl"
SHAPE = URIRef(NKKGSH + "ValueHasClaimShape")
CONSTRAINT = URIRef(NKKGSH + "ValueHasClaimConstraint")


@pytest.fixture(scope="module")
def old_shapes() -> Graph:
    return Graph().parse(OLD_SHAPES, format="turtle")


@pytest.fixture(scope="module")
def new_shapes() -> Graph:
    return load_shapes()


def same(old: ValidationReport, new: ValidationReport) -> None:
    assert new.results == old.results
    assert report_turtle(new) == report_turtle(old)


def without_constraint_text(shapes: Graph) -> Graph:
    copy = Graph()
    copy += shapes
    copy.remove((CONSTRAINT, SH.select, None))
    copy.remove((CONSTRAINT, RDFS.comment, None))
    return copy


def test_only_the_value_has_claim_query_changed(old_shapes: Graph, new_shapes: Graph) -> None:
    assert isomorphic(without_constraint_text(old_shapes), without_constraint_text(new_shapes))
    assert old_shapes.value(CONSTRAINT, SH.select) != new_shapes.value(CONSTRAINT, SH.select)


def test_seed_graph_full_report_is_the_same(
    graph: Graph, old_shapes: Graph, new_shapes: Graph
) -> None:
    old = validate_graph(graph, shapes=old_shapes)
    new = validate_graph(graph, shapes=new_shapes)
    assert old.results == ()  # the packaged data conforms, with no warning either
    same(old, new)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_planted_fault_same_results(
    graph: Graph, old_shapes: Graph, new_shapes: Graph, case: Case
) -> None:
    changed = changed_copy(graph, case.change)
    old = validate_graph(changed, shapes=old_shapes, only=[SHAPE])
    new = validate_graph(changed, shapes=new_shapes, only=[SHAPE])
    same(old, new)
    if case.shape == "ValueHasClaimShape":
        assert [r.focus for r in new.results] == [case.focus]


def preferred_label(value: str, lang: str):
    """Kaesong gets another, preferred name claim; its plain names stay as they are."""
    claim = ID["kaesong-label-9"]

    def change(g: Graph) -> None:
        g.add((ID.kaesong, NKKG.claim, claim))
        g.add((claim, RDF.type, NKKG.Claim))
        g.add((claim, NKKG.claimProperty, RDFS.label))
        g.add((claim, NKKG.claimValue, Literal(value, lang=lang)))
        g.add((claim, NKKG.rank, NKKG.PreferredRank))
        g.add((claim, NKKG.source, ID["source-article"]))

    return change


KAESONG_EN = Literal("Kaesong", lang="en")
KAESONG_HANG = Literal("개성특별시", lang="ko-hang")


@pytest.mark.parametrize(
    ("lang", "outranked"),
    [("en", [KAESONG_EN]), ("EN", [KAESONG_EN]), ("ko-Hang", [KAESONG_HANG]), ("fr", [])],
)
def test_rank_faults_full_report_is_the_same(
    graph: Graph, old_shapes: Graph, new_shapes: Graph, lang: str, outranked: list[Literal]
) -> None:
    """A preferred name outranks the plain name in its own language only (tags ignore case)."""
    changed = changed_copy(graph, preferred_label("Kaesong City", lang))
    old = validate_graph(changed, shapes=old_shapes)
    new = validate_graph(changed, shapes=new_shapes)
    same(old, new)
    hits = [(r.focus, r.value) for r in new.results if r.shape == SHAPE]
    assert hits == [(ID.kaesong, value) for value in outranked]
