"""The one registry of RDF formats: names, aliases, file extensions, media types.

Build, validate, query, load and the CLI's choices all read this table, so a
format is added (or an alias accepted) in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError


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


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", ("ttl",), (".ttl",), ox.RdfFormat.TURTLE, False),
    RdfFormat("nt", ("ntriples", "n-triples"), (".nt",), ox.RdfFormat.N_TRIPLES, False),
    RdfFormat("nq", ("nquads", "n-quads"), (".nq",), ox.RdfFormat.N_QUADS, True),
    RdfFormat("jsonld", ("json-ld",), (".jsonld",), ox.RdfFormat.JSON_LD, False),
    RdfFormat("trig", (), (".trig",), ox.RdfFormat.TRIG, True),
    RdfFormat("rdfxml", ("xml", "rdf"), (".rdf", ".xml", ".owl"), ox.RdfFormat.RDF_XML, False),
)
_BY_NAME = {name: f for f in FORMATS for name in (f.name, *f.aliases)}
_BY_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions}

FormatName = StrEnum("FormatName", {name: name for name in _BY_NAME})  # type: ignore[misc]
"""Every name and alias, as the CLI's choice of --format."""


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
