"""The SHACL shapes: the packaged files, parsed once, and the shapes a run uses."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.resources import resource_dir


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


def shapes_used(shapes: Graph, only: Iterable[URIRef] | None) -> list[str] | None:
    """The IRIs of `only` and every shape they reach; None (all shapes) when `only` is None."""
    return _with_shapes_used(shapes, only) if only is not None else None


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
