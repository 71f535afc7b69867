"""The one registry of RDF formats: names, aliases, file extensions, media types, writers.

Build, validate, query, load, publish and the CLI's choices all read this table,
and each format has one writer: `nkkg build --format F` and the release's file
of format F are the same bytes. A format's names, aliases and extensions are
its row in kg.rdf.format_names (free of RDF libraries, so that the command
line's choices and shell completion need none); its engine and writer are its
row in _ENGINE here, and importing this module fails unless both tables name
the same formats. A writer takes sorted N-Triples (kg.rdf.nt's order) and keeps
that order: pyoxigraph's streaming writers for most formats, kg.rdf.jsonld's
compacting writer for JSON-LD (docs/design.md, "Known pitfalls").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from kg.errors import UsageError
from kg.rdf import jsonld
from kg.rdf.format_names import SYNTAXES
from kg.rdf.namespace import DEFAULT_BASE, prefixes
from kg.rdf.nt import sorted_text

Writer = Callable[[bytes, str, "dict[str, str] | None"], bytes]
"""(sorted N-Triples, base IRI, prefix table or None for the graph's own) -> the file's bytes."""


@dataclass(frozen=True)
class RdfFormat:
    """One RDF syntax as nkkg reads and writes it."""

    name: str
    """The name commands take (`--format turtle`)."""
    aliases: tuple[str, ...]
    """Other names accepted for it (`ttl`)."""
    extensions: tuple[str, ...]
    """File extensions, the one nkkg writes first."""
    oxigraph: ox.RdfFormat
    datasets: bool
    """Whether it can carry several (named) graphs."""
    writer: Writer | None = field(default=None, compare=False, repr=False)
    """The writer where it is not pyoxigraph's for `oxigraph`."""

    @property
    def extension(self) -> str:
        """The extension nkkg gives a file of this format, without the dot."""
        return self.extensions[0].lstrip(".")

    @property
    def media_type(self) -> str:
        return self.oxigraph.media_type

    @property
    def prefixes(self) -> bool:
        """Whether the syntax abbreviates IRIs with prefixes (nkkg then writes its own)."""
        return self.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)

    def write(
        self, nt: bytes, base: str = DEFAULT_BASE, names: dict[str, str] | None = None
    ) -> bytes:
        """Sorted N-Triples `nt` in this format, in the same order; `names`: the prefixes."""
        if self.writer is not None:
            return self.writer(nt, base, names)
        return _oxigraph(self, nt, base, names)


def _oxigraph(rdf_format: RdfFormat, nt: bytes, base: str, names: dict[str, str] | None) -> bytes:
    parsed: Iterable[ox.Triple] | Iterable[ox.Quad]
    if rdf_format.datasets:  # a named graph, so the file can sit beside others in a dataset
        named = nt.replace(b" .\n", f" <{graph_name(base)}> .\n".encode())  # escaped in literals
        parsed = ox.parse(named, format=ox.RdfFormat.N_QUADS)
    else:
        parsed = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    table = (names if names is not None else prefixes(base)) if rdf_format.prefixes else None
    written = ox.serialize(parsed, format=rdf_format.oxigraph, prefixes=table)
    assert written is not None  # no output file given: pyoxigraph returns the bytes
    return written


def graph_name(base: str) -> str:
    """The named graph's IRI that dataset formats (TriG, N-Quads) put the triples in."""
    return base.rstrip("/#")


_ENGINE: dict[str, tuple[ox.RdfFormat, bool, Writer | None]] = {
    "turtle": (ox.RdfFormat.TURTLE, False, None),
    "nt": (ox.RdfFormat.N_TRIPLES, False, None),
    "nq": (ox.RdfFormat.N_QUADS, True, None),
    "jsonld": (ox.RdfFormat.JSON_LD, False, jsonld.write),
    "trig": (ox.RdfFormat.TRIG, True, None),
    "rdfxml": (ox.RdfFormat.RDF_XML, False, None),
}
"""Each format's pyoxigraph format, whether it holds datasets, and its own writer if any."""

if set(_ENGINE) != {name for name, _, _ in SYNTAXES}:
    raise ImportError("kg.rdf.formats._ENGINE and kg.rdf.format_names.SYNTAXES name other formats")

FORMATS: tuple[RdfFormat, ...] = tuple(
    RdfFormat(name, aliases, extensions, *_ENGINE[name]) for name, aliases, extensions in SYNTAXES
)
_BY_NAME = {name: f for f in FORMATS for name in (f.name, *f.aliases)}
_BY_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions}


def get(name: str) -> RdfFormat:
    """The format called `name` (or one of its aliases)."""
    try:
        return _BY_NAME[str(name).lower()]
    except KeyError:
        known = ", ".join(f.name for f in FORMATS)
        raise UsageError(f"unknown RDF format '{name}' (known: {known})") from None


def for_path(path: str | Path) -> RdfFormat:
    """The format a file's extension names."""
    suffix = Path(path).suffix.lower()
    try:
        return _BY_EXTENSION[suffix]
    except KeyError:
        known = ", ".join(_BY_EXTENSION)
        raise UsageError(
            f"{path}: unknown RDF format '{suffix}' (known extensions: {known})"
        ) from None


def for_output(out: str | Path | None, fmt: str | RdfFormat | None = None) -> RdfFormat:
    """The format to write `out` in: `fmt` if given, else the one its extension names.

    A path with no known extension is written as Turtle; a known extension that
    contradicts `fmt` is refused, so `--out x.nt` never holds Turtle.
    """
    given = fmt if isinstance(fmt, RdfFormat) or fmt is None else get(fmt)
    named = _BY_EXTENSION.get(Path(out).suffix.lower()) if out is not None else None
    if given is not None and named is not None and given != named:
        raise UsageError(
            f"--out {out}: the extension '{Path(str(out)).suffix}' names {named.name}, "
            f"not {given.name} (drop --format, or give a matching extension)"
        )
    return given or named or get("turtle")


def graph_formats() -> tuple[RdfFormat, ...]:
    """The formats that hold one graph: what the Graph Store Protocol loads."""
    return tuple(f for f in FORMATS if not f.datasets)


def serialize(
    graph: Iterable[tuple[Node, Node, Node]],
    fmt: str | RdfFormat = "turtle",
    base: str = DEFAULT_BASE,
    *,
    names: dict[str, str] | None = None,
) -> bytes:
    """An rdflib graph (or triples) in one of the formats: the same bytes for the same triples."""
    rdf_format = fmt if isinstance(fmt, RdfFormat) else get(fmt)
    return rdf_format.write(sorted_text(graph), base, names)
