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
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.graph.terms import compact, nt
from kg.validation.compiled.sparql import targets
from kg.validation.compiled.subset import (
    COUNT_PARAMETERS,
    IGNORED,
    LEXICAL,
    NODE_KINDS,
    RANGES,
    VALUE_PARAMETERS,
)
from kg.validation.compiled.unsupported import (
    Unsupported,
    about,
    component_name,
    path_name,
    shape_name,
)

_SUBCLASS = f"<{RDF.type}>/<{RDFS.subClassOf}>*"


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
        raise Unsupported(
            "only predicate and inverse paths are compiled", feature=path_name(self.shapes, path)
        )

    def value_condition(self, parameter: URIRef, argument: Node, shape: Node, v: str) -> str:
        """A SPARQL expression true when value `v` meets this parameter of `shape`."""
        s = self.shapes
        if parameter == SH.datatype:
            if argument == RDF.langString:
                return f'(isLiteral({v}) && LANG({v}) != "")'
            test = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {nt(argument)})"
            if argument == XSD.string:
                return test + f' && LANG({v}) = "")'
            lexical = LEXICAL.get(argument)  # type: ignore[call-overload]
            return test + (f' && REGEX(STR({v}), "{lexical}"))' if lexical else ")")
        if parameter == SH["class"]:
            return f"EXISTS {{ {v} {_SUBCLASS} {nt(argument)} }}"
        if parameter == SH.nodeKind:
            if argument not in NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {compact(argument)} is not a SHACL node kind")
            return NODE_KINDS[argument].format(v=v)  # type: ignore[index]
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
        raise Unsupported(f"{compact(parameter)} is not compiled")

    # ------------------------------------------------------------ conformance of one node

    def parameters(self, shape: Node) -> list[tuple[URIRef, Node]]:
        """The shape's constraint parameters; Unsupported for any this compiler does not know."""
        found: list[tuple[URIRef, Node]] = []
        for p, o in sorted(self.shapes.predicate_objects(shape), key=str):
            if p in IGNORED:
                continue
            if not isinstance(p, URIRef) or p not in VALUE_PARAMETERS | COUNT_PARAMETERS:
                where = {"feature": component_name(p), "shape": shape_name(self.shapes, shape)}
                raise Unsupported(f"{compact(p)} is not compiled", **where)
            found.append((p, o))
        return found

    def conforms(self, shape: Node, v: str) -> str:
        """A SPARQL expression true when node `v` conforms to `shape` (no results at all)."""
        s = self.shapes
        for parameter in (SH.deactivated, SH.sparql):
            if (shape, parameter, None) in s:
                why = f"{compact(parameter)} is not compiled in a shape that another one uses"
                raise Unsupported(
                    why, feature=component_name(parameter), shape=shape_name(s, shape)
                )
        path = s.value(shape, SH.path)
        if path is not None and (shape, SH.property, None) in s:  # its values' shapes, not v's
            why, where = "sh:property is not compiled in a property shape", shape_name(s, shape)
            raise Unsupported(why, feature=component_name(SH.property), shape=where)
        parts = [self.conforms(p, v) for p in sorted(s.objects(shape, SH.property), key=str)]
        for parameter, argument in self.parameters(shape):
            with about(s, shape, parameter):
                parts.append(self.conforms_to(shape, path, parameter, argument, v))
        return "(" + (" && ".join(parts) or "true") + ")"

    def conforms_to(
        self, shape: Node, path: Node | None, parameter: URIRef, argument: Node, v: str
    ) -> str:
        """A SPARQL expression true when node `v` meets this one parameter of `shape`."""
        if path is None:
            if parameter == SH.hasValue:
                return f"sameTerm({v}, {nt(argument)})"
            if parameter in VALUE_PARAMETERS:
                return self.value_condition(parameter, argument, shape, v)
            raise Unsupported(f"{compact(parameter)} without a path is not compiled")
        x = self.fresh()
        if parameter in VALUE_PARAMETERS:
            test = self.value_condition(parameter, argument, shape, x)
            return f"NOT EXISTS {{ {self.path(path, v, x)} FILTER (!{test}) }}"
        if parameter == SH.hasValue:
            return f"EXISTS {{ {self.path(path, v, nt(argument))} }}"
        if parameter == SH.minCount and int(argument) <= 1:  # type: ignore[call-overload]
            return f"EXISTS {{ {self.path(path, v, x)} }}" if int(argument) else "true"  # type: ignore[call-overload]
        if parameter == SH.maxCount and int(argument) in (0, 1):  # type: ignore[call-overload]
            y = self.fresh()
            if int(argument) == 0:  # type: ignore[call-overload]
                return f"NOT EXISTS {{ {self.path(path, v, x)} }}"
            both = self.path(path, v, x) + " " + self.path(path, v, y)
            return f"NOT EXISTS {{ {both} FILTER (!sameTerm({x}, {y})) }}"
        if parameter == SH.uniqueLang:
            if argument != Literal(True):
                return "true"
            return f"NOT EXISTS {{ {self.duplicate_language(path, v)[0]} }}"
        if parameter == SH.qualifiedValueShape:
            return self.qualified_conforms(shape, path, argument, v)
        raise Unsupported(
            f"{compact(parameter)} {compact(argument)} is not compiled in a nested shape"
        )

    def qualified_conforms(self, shape: Node, path: Node, qualified: Node, v: str) -> str:
        low = self.shapes.value(shape, SH.qualifiedMinCount)
        high = self.shapes.value(shape, SH.qualifiedMaxCount)
        x = self.fresh()
        match = f"{self.path(path, v, x)} FILTER ({self.conforms(qualified, x)})"
        parts = []
        if low is not None:
            if int(low) > 1:  # type: ignore[call-overload]
                raise Unsupported("sh:qualifiedMinCount above 1 is not compiled in a nested shape")
            if int(low) == 1:  # type: ignore[call-overload]
                parts.append(f"EXISTS {{ {match} }}")
        if high is not None:
            if int(high) != 0:  # type: ignore[call-overload]
                raise Unsupported("sh:qualifiedMaxCount above 0 is not compiled in a nested shape")
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
                raise Unsupported("no sh:message: pyshacl writes its own, this engine does not")
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
            with about(s, shape, parameter):
                yield from self._parameter_checks(check, shape, path, parameter, argument)

    def _parameter_checks(
        self,
        check: Callable[..., CoreCheck],
        shape: Node,
        path: Node | None,
        parameter: URIRef,
        argument: Node,
    ) -> Iterator[CoreCheck]:
        """The checks of one parameter of `shape`, made by `check` (see checks())."""
        s = self.shapes
        component = _component(parameter)
        if parameter in VALUE_PARAMETERS:
            test = self.value_condition(parameter, argument, shape, "?value")
            values = "BIND (?this AS ?value)"
            candidates = None
            if path is not None:
                values = self.path(path, "?this", "?value")
                candidates = f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER (!{test}) }}"
            body = f"{values} FILTER (!{test})"
            yield check(component, body, argument=argument, candidates=candidates)
            return
        if path is None:
            raise Unsupported(f"{compact(parameter)} without a path is not compiled")
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
                yield check(component, f"{text} BIND (LCASE(LANG({a})) AS ?_lang)", "", " ?_lang")
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
        name = shape_name(shapes, node_shape)
        if not isinstance(node_shape, URIRef) or (node_shape, SH.path, None) in shapes:
            why = "targets are compiled on node shapes named by an IRI only"
            raise Unsupported(why, feature="a target", shape=name)
        if (node_shape, SH.deactivated, None) in shapes:
            raise Unsupported(
                "sh:deactivated is not compiled", feature="sh:deactivated", shape=name
            )
        patterns = " UNION ".join(targets(shapes, node_shape))
        focus = "{ SELECT DISTINCT ?this WHERE { " + patterns + " } }"
        member = "FILTER EXISTS { " + patterns + " }"
        found.extend(compiler.checks(node_shape, node_shape, focus, member))
        for prop in sorted(shapes.objects(node_shape, SH.property), key=str):
            for parameter in (SH.deactivated, SH.property):
                if (prop, parameter, None) in shapes:
                    why = f"{compact(parameter)} is not compiled in a property shape"
                    feature = component_name(parameter)
                    raise Unsupported(why, feature=feature, shape=shape_name(shapes, prop))
            found.extend(compiler.checks(node_shape, prop, focus, member))
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
            why = "a shape that is also a class is not compiled"
            name = shape_name(shapes, shape)
            raise Unsupported(why, feature="an implicit class target", shape=name)
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
