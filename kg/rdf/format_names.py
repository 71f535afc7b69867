"""The RDF formats' names, aliases and file extensions, kept free of rdflib and pyoxigraph.

kg.rdf.formats attaches the writers to these rows; they are declared here, in
the same order, so that the command line's --format choices (and shell
completion, and `nkkg query --help`) need not load an RDF library.
"""

from __future__ import annotations

from enum import StrEnum

SYNTAXES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("turtle", ("ttl",), (".ttl",)),
    ("nt", ("ntriples", "n-triples"), (".nt",)),
    ("nq", ("nquads", "n-quads"), (".nq",)),
    ("jsonld", ("json-ld",), (".jsonld",)),
    ("trig", (), (".trig",)),
    ("rdfxml", ("xml", "rdf"), (".rdf", ".xml", ".owl")),
)
"""(name, aliases, extensions) of each RDF format, the extension nkkg writes first."""

NAMES: tuple[str, ...] = tuple(name for name, _, _ in SYNTAXES)
"""The formats' own names, without the aliases."""

FormatName = StrEnum(  # type: ignore[misc]
    "FormatName", {n: n for name, aliases, _ in SYNTAXES for n in (name, *aliases)}
)
"""Every name and alias, as the CLI's choice of --format."""
