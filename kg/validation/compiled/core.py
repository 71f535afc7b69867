"""SHACL Core constraints compiled into SPARQL queries over the whole graph.

pyshacl checks every constraint focus node by focus node in Python over
rdflib: about 75 ms per entity on this project's shapes, so hours at 100,000
entities. Here each (node shape, constraint) pair becomes one SPARQL SELECT
that pyoxigraph answers for all focus nodes at once: the node shape's targets
as a sub-select, the property shape's path, and the constraint as a FILTER or
a GROUP BY ... HAVING count. The rows become results exactly as pyshacl makes
them (source shape, component, severity, focus node, value where SHACL gives
one, the property shape's path and sh:message), so the two engines' reports are
equal; tests compare them on the seed graph and on every planted fault.

The compiler covers the parameters this project's shapes use (and their
obvious kin); any other parameter raises Unsupported, and the caller lets
pyshacl validate instead, so a changed shapes file is never checked wrongly.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.graph.terms import nt
from kg.validation.compiled.sparql import targets
from kg.validation.compiled.unsupported import Unsupported

_SUBCLASS = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

# XML Schema lexical forms, for sh:datatype's "well-formed literal of that datatype"
_LEXICAL = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.decimal: r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.gYear: r"^-?([1-9][0-9]{3,}|0[0-9]{3})(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$",
    XSD.gYearMonth: r"^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])"
    r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$",
    XSD.date: r"^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$",
}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
RANGES = {
    SH.minExclusive: (">", "MinExclusive"),
    SH.maxExclusive: ("<", "MaxExclusive"),
    SH.minInclusive: (">=", "MinInclusive"),
    SH.maxInclusive: ("<=", "MaxInclusive"),
}
# Parameters that say nothing about conformance, and those handled elsewhere.
_IGNORED = {
    RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description, SH.order, SH.group,
    SH.message, SH.severity, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
    SH.targetObjectsOf, SH.sparql, SH.prefixes, SH.declare, SH.flags, SH.path, SH.property,
    SH.qualifiedMinCount, SH.qualifiedMaxCount,
}  # fmt: skip
_VALUE_PARAMETERS = {
    SH.datatype, SH["class"], SH.nodeKind, SH.pattern, SH["in"], SH.languageIn,
    SH.node, SH["or"], *RANGES,
}  # fmt: skip
_COUNT_PARAMETERS = {
    SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape, SH.hasValue
}  # fmt: skip


@dataclass(frozen=True)
class CoreCheck:
    """One core constraint of one shape, reached from one targeted node shape."""

    node_shape: Node  # the shape whose targets give the focus nodes
    shape: Node  # sh:sourceShape: the property shape, or the node shape itself
    component: URIRef
    severity: URIRef
    messages: tuple[Literal, ...]
    path: Node | None  # the shape's sh:path node, in the shapes graph
    query: str  # SELECT ?this ?value: one row per result
    argument: Node | None = None  # the parameter's value (a range's bound, sh:node's shape)


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.counter = itertools.count(1)

    def fresh(self) -> str:
        return f"?_v{next(self.counter)}"

    # ------------------------------------------------------------ paths and values

    def path(self, path: Node, subject: str, obj: str) -> str:
        if isinstance(path, URIRef):
            return f"{subject} {nt(path)} {obj} ."
        inverse = self.shapes.value(path, SH.inversePath)
        only_inverse = len(list(self.shapes.predicate_objects(path))) == 1
        if isinstance(path, BNode) and isinstance(inverse, URIRef) and only_inverse:
            return f"{obj} {nt(inverse)} {subject} ."
        raise Unsupported(f"path {path!r}: only predicate and inverse paths are compiled")

    def value_condition(self, parameter: URIRef, argument: Node, shape: Node, v: str) -> str:
        """A SPARQL expression true when value `v` meets this parameter of `shape`."""
        s = self.shapes
        if parameter == SH.datatype:
            if argument == RDF.langString:
                return f'(isLiteral({v}) && LANG({v}) != "")'
            test = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {nt(argument)})"
            if argument == XSD.string:
                return test + f' && LANG({v}) = "")'
            lexical = _LEXICAL.get(argument)  # type: ignore[call-overload]
            return test + (f' && REGEX(STR({v}), "{lexical}"))' if lexical else ")")
        if parameter == SH["class"]:
            return f"EXISTS {{ {v} {_SUBCLASS} {nt(argument)} }}"
        if parameter == SH.nodeKind:
            if argument not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {argument}")
            return _NODE_KINDS[argument].format(v=v)  # type: ignore[index]
        if parameter == SH.pattern:
            flags = s.value(shape, SH.flags)
            extra = f", {nt(Literal(str(flags)))}" if flags is not None else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {nt(Literal(str(argument)))}{extra}))"
        if parameter in RANGES:
            return f"COALESCE({v} {RANGES[parameter][0]} {nt(argument)}, false)"
        if parameter == SH["in"]:
            members = [f"sameTerm({v}, {nt(m)})" for m in s.items(argument)]
            return "(" + (" || ".join(members) or "false") + ")"
        if parameter == SH.languageIn:
            tags = ", ".join(nt(Literal(str(t).lower())) for t in s.items(argument))
            first = f'LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-"))'
            return f"(isLiteral({v}) && (LCASE(LANG({v})) IN ({tags}) || {first} IN ({tags})))"
        if parameter == SH.node:
            return self.conforms(argument, v)
        if parameter == SH["or"]:
            return "(" + " || ".join(self.conforms(m, v) for m in s.items(argument)) + ")"
        raise Unsupported(f"{parameter} on {shape!r}")

    # ------------------------------------------------------------ conformance of one node

    def parameters(self, shape: Node) -> list[tuple[URIRef, Node]]:
        """The shape's constraint parameters; Unsupported for any this compiler does not know."""
        found: list[tuple[URIRef, Node]] = []
        for p, o in sorted(self.shapes.predicate_objects(shape), key=str):
            if p in _IGNORED:
                continue
            if not isinstance(p, URIRef) or p not in _VALUE_PARAMETERS | _COUNT_PARAMETERS:
                raise Unsupported(f"{p} on {shape!r}")
            found.append((p, o))
        return found

    def conforms(self, shape: Node, v: str) -> str:
        """A SPARQL expression true when node `v` conforms to `shape` (no results at all)."""
        s = self.shapes
        if (shape, SH.deactivated, None) in s or (shape, SH.sparql, None) in s:
            raise Unsupported(f"{shape!r} nested with sh:deactivated or sh:sparql")
        path = s.value(shape, SH.path)
        parts = [self.conforms(p, v) for p in sorted(s.objects(shape, SH.property), key=str)]
        for parameter, argument in self.parameters(shape):
            if path is None:
                if parameter == SH.hasValue:
                    parts.append(f"sameTerm({v}, {nt(argument)})")
                elif parameter in _VALUE_PARAMETERS:
                    parts.append(self.value_condition(parameter, argument, shape, v))
                else:
                    raise Unsupported(f"{parameter} without a path on {shape!r}")
                continue
            x = self.fresh()
            if parameter in _VALUE_PARAMETERS:
                test = self.value_condition(parameter, argument, shape, x)
                parts.append(f"NOT EXISTS {{ {self.path(path, v, x)} FILTER (!{test}) }}")
            elif parameter == SH.hasValue:
                parts.append(f"EXISTS {{ {self.path(path, v, nt(argument))} }}")
            elif parameter == SH.minCount and int(argument) <= 1:  # type: ignore[call-overload]
                parts.append(f"EXISTS {{ {self.path(path, v, x)} }}" if int(argument) else "true")  # type: ignore[call-overload]
            elif parameter == SH.maxCount and int(argument) in (0, 1):  # type: ignore[call-overload]
                y = self.fresh()
                if int(argument) == 0:  # type: ignore[call-overload]
                    parts.append(f"NOT EXISTS {{ {self.path(path, v, x)} }}")
                else:
                    both = self.path(path, v, x) + " " + self.path(path, v, y)
                    parts.append(f"NOT EXISTS {{ {both} FILTER (!sameTerm({x}, {y})) }}")
            elif parameter == SH.uniqueLang:
                if argument == Literal(True):
                    parts.append(f"NOT EXISTS {{ {self.duplicate_language(path, v)[0]} }}")
            elif parameter == SH.qualifiedValueShape:
                parts.append(self.qualified_conforms(shape, path, argument, v))
            else:
                raise Unsupported(f"{parameter} {argument} inside a nested shape")
        return "(" + (" && ".join(parts) or "true") + ")"

    def qualified_conforms(self, shape: Node, path: Node, qualified: Node, v: str) -> str:
        low = self.shapes.value(shape, SH.qualifiedMinCount)
        high = self.shapes.value(shape, SH.qualifiedMaxCount)
        x = self.fresh()
        match = f"{self.path(path, v, x)} FILTER ({self.conforms(qualified, x)})"
        parts = []
        if low is not None:
            if int(low) > 1:  # type: ignore[call-overload]
                raise Unsupported("sh:qualifiedMinCount above 1 inside a nested shape")
            if int(low) == 1:  # type: ignore[call-overload]
                parts.append(f"EXISTS {{ {match} }}")
        if high is not None:
            if int(high) != 0:  # type: ignore[call-overload]
                raise Unsupported("sh:qualifiedMaxCount above 0 inside a nested shape")
            parts.append(f"NOT EXISTS {{ {match} }}")
        return "(" + (" && ".join(parts) or "true") + ")"

    def duplicate_language(self, path: Node, v: str) -> tuple[str, str]:
        """A pattern matching two values of `path` with the same language, and the first's name."""
        a, b = self.fresh(), self.fresh()
        pattern = (
            f"{self.path(path, v, a)} {self.path(path, v, b)} "
            f'FILTER (isLiteral({a}) && isLiteral({b}) && LANG({a}) != "" '
            f"&& !sameTerm({a}, {b}) && LCASE(LANG({a})) = LCASE(LANG({b})))"
        )
        return pattern, a

    # ------------------------------------------------------------ whole-graph checks

    def checks(
        self, node_shape: Node, shape: Node, focus: str, member: str | None = None
    ) -> Iterator[CoreCheck]:
        """The checks of `shape`'s own parameters, for the focus nodes of `node_shape`.

        `focus` is a pattern that binds ?this to every focus node. `member`, when
        given, is a filter true when ?this is a focus node: a check that looks for
        something present (a value that fails a test, one value too many) then
        finds its few candidates over the whole graph first and tests only those
        for membership, instead of walking every focus node once per check (on
        the claims of 10,000 entities, the walk alone took 0.2 s a check).
        """
        s = self.shapes
        messages = tuple(sorted((m for m in s.objects(shape, SH.message)), key=str))
        severity = s.value(shape, SH.severity) or SH.Violation
        path = s.value(shape, SH.path)

        def check(
            component: str,
            body: str,
            group: str = "",
            extra: str = "",
            argument: Node | None = None,
            candidates: str | None = None,
        ) -> CoreCheck:
            if not messages:
                raise Unsupported(f"{shape!r} has no sh:message (pyshacl writes its own)")
            if candidates is not None and member is not None:
                query = f"SELECT DISTINCT ?this ?value WHERE {{ {{ {candidates} }} {member} }}"
            else:
                query = f"SELECT DISTINCT ?this ?value{extra} WHERE {{ {focus} {body} }} {group}"
            return CoreCheck(
                node_shape,
                shape,
                SH[f"{component}ConstraintComponent"],
                severity,  # type: ignore[arg-type]
                messages,  # type: ignore[arg-type]
                path,
                query,
                argument,
            )

        for parameter, argument in self.parameters(shape):
            component = _component(parameter)
            if parameter in _VALUE_PARAMETERS:
                test = self.value_condition(parameter, argument, shape, "?value")
                values = "BIND (?this AS ?value)"
                candidates = None
                if path is not None:
                    values = self.path(path, "?this", "?value")
                    candidates = (
                        f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER (!{test}) }}"
                    )
                body = f"{values} FILTER (!{test})"
                yield check(component, body, argument=argument, candidates=candidates)
                continue
            if path is None:
                raise Unsupported(f"{parameter} on the node shape {shape!r}")
            if parameter == SH.minCount and int(argument) == 1:  # type: ignore[call-overload]
                # no value at all: a negation needs no grouping of every focus node's values
                x = self.fresh()
                yield check(component, f"FILTER NOT EXISTS {{ {self.path(path, '?this', x)} }}")
            elif parameter == SH.minCount:
                x = self.fresh()
                yield check(
                    component,
                    f"OPTIONAL {{ {self.path(path, '?this', x)} }}",
                    f"GROUP BY ?this ?value HAVING (COUNT(DISTINCT {x}) < {int(argument)})",  # type: ignore[call-overload]
                )
            elif parameter == SH.maxCount:
                x = self.fresh()
                having = f"HAVING (COUNT(DISTINCT {x}) > {int(argument)})"  # type: ignore[call-overload]
                values = self.path(path, "?this", x)
                candidates = f"SELECT ?this WHERE {{ {values} }} GROUP BY ?this {having}"
                if int(argument) == 1:  # type: ignore[call-overload]
                    # two different values: a join on the subject, cheaper than grouping
                    y = self.fresh()
                    candidates = (
                        f"SELECT DISTINCT ?this WHERE {{ {self.path(path, '?this', x)} "
                        f"{self.path(path, '?this', y)} FILTER (!sameTerm({x}, {y})) }}"
                    )
                yield check(
                    component,
                    self.path(path, "?this", x),
                    f"GROUP BY ?this ?value {having}",
                    candidates=candidates,
                )
            elif parameter == SH.hasValue:
                yield check(
                    component, f"FILTER NOT EXISTS {{ {self.path(path, '?this', nt(argument))} }}"
                )
            elif parameter == SH.uniqueLang:
                if argument == Literal(True):
                    # one result per duplicated language, without a value (as pyshacl)
                    text, a = self.duplicate_language(path, "?this")
                    yield check(
                        component, f"{text} BIND (LCASE(LANG({a})) AS ?_lang)", "", " ?_lang"
                    )
            elif parameter == SH.qualifiedValueShape:
                x = self.fresh()
                match = f"{self.path(path, '?this', x)} FILTER ({self.conforms(argument, x)})"
                for bound, op, name in (
                    (SH.qualifiedMinCount, "<", "QualifiedMinCount"),
                    (SH.qualifiedMaxCount, ">", "QualifiedMaxCount"),
                ):
                    limit = s.value(shape, bound)
                    if limit is not None:
                        yield check(
                            name,
                            f"OPTIONAL {{ {match} }}",
                            f"GROUP BY ?this ?value HAVING (COUNT(DISTINCT {x}) {op} {int(limit)})",  # type: ignore[call-overload]
                        )


def _component(parameter: URIRef) -> str:
    name = str(parameter).removeprefix(str(SH))
    return name[0].upper() + name[1:]


def checks(shapes: Graph) -> list[CoreCheck]:
    """Every core constraint reached from a node shape with targets, as whole-graph queries."""
    compiler = _Compiler(shapes)
    found: list[CoreCheck] = []
    node_shapes = sorted(
        {
            s
            for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
            for s in shapes.subjects(p, None)
        },
        key=str,
    )
    for node_shape in node_shapes:
        if not isinstance(node_shape, URIRef) or (node_shape, SH.path, None) in shapes:
            raise Unsupported(f"targets on {node_shape!r}")
        if (node_shape, SH.deactivated, None) in shapes:
            raise Unsupported(f"deactivated {node_shape}")
        patterns = " UNION ".join(targets(shapes, node_shape))
        focus = "{ SELECT DISTINCT ?this WHERE { " + patterns + " } }"
        member = "FILTER EXISTS { " + patterns + " }"
        found.extend(compiler.checks(node_shape, node_shape, focus, member))
        for prop in sorted(shapes.objects(node_shape, SH.property), key=str):
            if (prop, SH.deactivated, None) in shapes or (prop, SH.property, None) in shapes:
                raise Unsupported(f"{prop!r}: deactivated, or nested property shapes")
            found.extend(compiler.checks(node_shape, prop, focus, member))
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
            raise Unsupported(f"implicit class target on {shape}")
    return found


FOCUS = "__FOCUS__"  # where one focus node goes in the queries of shape_checks()


def shape_checks(shapes: Graph, shape: Node) -> list[CoreCheck]:
    """The checks of `shape` and its property shapes for one focus node, written in for FOCUS.

    For sh:node: pyshacl reports why a value does not conform to the shape as
    results linked by sh:detail, and these checks find them.
    """
    compiler = _Compiler(shapes)
    focus = f"{{ VALUES ?this {{ {FOCUS} }} }}"
    found = list(compiler.checks(shape, shape, focus))
    for prop in sorted(shapes.objects(shape, SH.property), key=str):
        found.extend(compiler.checks(shape, prop, focus))
    return found
