"""Write a graph as bytes that depend on its triples only, and write files atomically.

Triples are sorted (subject, then rdf:type first, then predicate, then object)
and handed to pyoxigraph's streaming writers: the output is byte-identical
across runs and PYTHONHASHSEED values, and stays fast for large graphs, where
rdflib's Turtle writer is neither (docs/design.md, "Known pitfalls").
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.errors import NkkgError
from kg.graph import formats
from kg.graph.namespace import DEFAULT_BASE, prefixes
from kg.graph.terms import to_oxigraph


def _sort_key(triple: tuple[Node, Node, Node]) -> tuple[str, bool, str, str]:
    # str(), not n3(): "<x>" would sort after "<x-1>" and split a subject's block
    s, p, o = triple
    return (str(s), p != RDF.type, str(p), o.n3())


def sorted_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """The triples in nkkg's output order, as pyoxigraph triples."""
    return [
        ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in sorted(triples, key=_sort_key)
    ]


def graph_name(base: str) -> ox.NamedNode:
    """The named graph that dataset formats (TriG, N-Quads) put the triples in."""
    return ox.NamedNode(base.rstrip("/#"))


def serialize(
    graph: Graph | Iterable[tuple[Node, Node, Node]],
    fmt: str | formats.RdfFormat = "turtle",
    base: str = DEFAULT_BASE,
) -> bytes:
    """The graph in one of the registry's formats, with the same bytes for the same triples."""
    return serialize_sorted(sorted_triples(graph), fmt, base)


def serialize_sorted(
    triples: list[ox.Triple], fmt: str | formats.RdfFormat = "turtle", base: str = DEFAULT_BASE
) -> bytes:
    """Triples already in sorted_triples() order, written in one of the registry's formats."""
    rdf_format = fmt if isinstance(fmt, formats.RdfFormat) else formats.get(fmt)
    items: list[ox.Triple] | list[ox.Quad] = triples
    if rdf_format.datasets:  # a named graph, so the file can sit beside others in a dataset
        name = graph_name(base)
        items = [ox.Quad(t.subject, t.predicate, t.object, name) for t in items]
    names = prefixes(base) if rdf_format.prefixes else None
    written = ox.serialize(items, format=rdf_format.oxigraph, prefixes=names)
    assert written is not None  # no output file given: pyoxigraph returns the bytes
    return written


def output_path(path: str | Path) -> Path:
    """The file a write to `path` replaces: a symlink's target; refuses anything not a file.

    A new path or an existing regular file is fine. A symlink is followed, so the
    file it points to is replaced and the link kept. Directories, devices, FIFOs
    and sockets are refused: writing there would destroy or hang, never build.
    """
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as err:
        raise NkkgError(f"cannot write {given}: {err.strerror}") from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = (
            "a directory" if stat.S_ISDIR(mode) else "not a regular file (device, FIFO or socket)"
        )
        raise NkkgError(f"cannot write {given}: it is {kind}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise NkkgError(f"cannot write {given}: folder {folder} does not exist")
    return target


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write to a temporary file beside `path`, then rename: no half-written output.

    See output_path() for what may be replaced. Every failure is one NkkgError line.
    """
    target = output_path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = 0o644
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise NkkgError(
            f"cannot write {path}: {err.strerror} (temporary file in {folder})"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise NkkgError(f"cannot write {path}: {err.strerror}") from None
        raise
    return Path(path)
