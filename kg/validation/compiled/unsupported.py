"""Unsupported: what the compiled engine does not do, so that pyshacl validates instead.

Its text is one line that names the constraint component (or the feature) and
the shape and says why, e.g. `sh:EqualsConstraintComponent in
nkkgsh:PeriodParentIsProvinceShape's property nkkg:withinDivision (sh:equals is
not compiled)`: the caller reports it as the reason pyshacl ran.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.graph.terms import compact

# SHACL Core's parameters, each named after its constraint component (sh:minCount:
# sh:MinCountConstraintComponent); a parameter of another's component maps to that one.
_CORE = {
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "languageIn",
    "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or",
    "xone", "node", "property", "qualifiedMinCount", "qualifiedMaxCount", "closed", "hasValue",
    "in",
}  # fmt: skip
_OF = {"flags": "pattern", "ignoredProperties": "closed", "sparql": "SPARQL"}


class Unsupported(Exception):
    """A graph or constraint the compiled engine does not handle; pyshacl validates it instead.

    `why` says what is not compiled; `feature` (a constraint component, a path, "the
    data") and `shape` (its name) say where, and an enclosing about() fills them in.
    """

    def __init__(self, why: str, *, feature: str | None = None, shape: str | None = None):
        super().__init__(why)
        self.why, self.feature, self.shape = " ".join(why.split()), feature, shape

    def __str__(self) -> str:
        where = " in ".join(part for part in (self.feature, self.shape) if part)
        return f"{where} ({self.why})" if where else self.why


@contextmanager
def about(shapes: Graph, shape: Node, parameter: Node | str) -> Iterator[None]:
    """Name `shape` and `parameter`'s component in an Unsupported raised inside, where unnamed."""
    try:
        yield
    except Unsupported as err:
        if err.feature is None:
            err.feature = component_name(parameter)
        if err.shape is None:
            err.shape = shape_name(shapes, shape)
        raise


def component_name(parameter: Node | str) -> str:
    """The constraint component of a SHACL Core parameter, else the parameter itself.

    sh:equals gives sh:EqualsConstraintComponent; a str that is no RDF term stays as it is.
    """
    if isinstance(parameter, Node) and not isinstance(parameter, URIRef):
        return compact(parameter)
    if not isinstance(parameter, URIRef):
        return parameter
    local = str(parameter).removeprefix(str(SH))
    if str(parameter).startswith(str(SH)) and (local in _CORE or local in _OF):
        name = _OF.get(local, local)
        return compact(SH[f"{name[0].upper()}{name[1:]}ConstraintComponent"])
    return compact(parameter)


def path_name(shapes: Graph, path: Node) -> str:
    """A predicate or inverse path as SPARQL writes it; else what kind of path it is."""
    if isinstance(path, URIRef):
        return compact(path)
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return f"^{compact(inverse)}"
    if (path, RDF.first, None) in shapes:
        return "a sequence path"
    kinds = sorted(compact(p) for p in shapes.predicates(path) if isinstance(p, URIRef))
    return kinds[0] if kinds else "a path"


def shape_name(shapes: Graph, shape: Node, depth: int = 0) -> str:
    """A shape as its author can find it: its IRI, else where it sits in a named shape.

    A blank property shape is "nkkgsh:X's property nkkg:p"; one inside sh:node,
    sh:or, sh:and, sh:xone, sh:not or sh:qualifiedValueShape says which.
    """
    if isinstance(shape, URIRef):
        return compact(shape)
    owner = _owner(shapes, shape) if depth < 4 else None
    if owner is None:
        return "a blank-node shape"
    subject, predicate = owner
    parent = shape_name(shapes, subject, depth + 1)
    if predicate == SH.property:
        path = shapes.value(shape, SH.path)
        named = path_name(shapes, path) if path is not None else ""
        simple = named and not named.startswith(("a ", "sh:"))
        return f"{parent}'s property {named}" if simple else f"{parent}'s property"
    return f"{parent}'s {compact(predicate)} shape"


def _owner(shapes: Graph, shape: Node) -> tuple[Node, Node] | None:
    """The shape that uses this blank one, and how: (subject, sh:property or another)."""
    for predicate in (SH.property, SH.node, SH.qualifiedValueShape, SH["not"]):
        subject = min(shapes.subjects(predicate, shape), key=str, default=None)
        if subject is not None:
            return subject, predicate
    cell = shapes.value(predicate=RDF.first, object=shape)  # the list cell that holds it
    if cell is None:
        return None
    while (previous := shapes.value(predicate=RDF.rest, object=cell)) is not None:
        cell = previous
    for predicate in (SH["or"], SH["and"], SH.xone):
        subject = min(shapes.subjects(predicate, cell), key=str, default=None)
        if subject is not None:
            return subject, predicate
    return None
