"""Read an RDF file a user gives (`validate FILE`, `query --graph FILE`, `load FILE`).

One reader for every command: the format comes from the extension (the
registry in kg.rdf.formats), named graphs are merged, and unusable input
is one InputFileError line naming the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import InputFileError, UsageError
from kg.graph.terms import from_oxigraph
from kg.input.files import UnreadableFile, check_regular, read_bytes
from kg.rdf import formats


def check_file(path: str | Path) -> tuple[Path, formats.RdfFormat]:
    """The file and its format, or one line saying why it cannot be read."""
    file = Path(path)
    try:
        fmt = formats.for_path(file)
    except UsageError as err:
        raise InputFileError(str(err)) from None
    try:  # a FIFO would block the read for ever, a device never end
        check_regular(file)
    except UnreadableFile as err:
        raise InputFileError(f"{file}: {err}") from None
    if fmt.oxigraph == ox.RdfFormat.RDF_XML:
        _check_no_entities(file)
    return file, fmt


def _check_no_entities(file: Path) -> None:
    """Refuse XML that declares entities: the parser would expand them ("billion laughs")."""
    try:
        data = read_bytes(file)
    except UnreadableFile as err:
        raise InputFileError(f"{file}: {err}") from None
    if b"<!ENTITY" in data:
        raise InputFileError(
            f"{file}: XML that declares entities (<!ENTITY) is not read: entity expansion "
            "is refused; write the values out in full"
        )


@contextmanager
def _parse_errors(file: Path) -> Iterator[None]:
    """pyoxigraph's parse errors as one InputFileError line naming the file."""
    try:
        yield
    except SyntaxError as err:
        message = " ".join(str(err).split())
        if "LoadDocumentCallback" in message:  # pyoxigraph never fetches a remote @context
            message = "remote JSON-LD @context documents are not loaded; inline the context"
        raise InputFileError(f"{file}: {message}") from None
    except OSError as err:
        raise InputFileError(f"{file}: cannot read: {err.strerror or err}") from None
    except (ValueError, TypeError) as err:
        raise InputFileError(f"{file}: {' '.join(str(err).split())}") from None
    except MemoryError as err:
        if not too_long(err):
            raise
        raise InputFileError(f"{file}: {TOO_LONG}") from None


# pyoxigraph's parsers hold one token (a literal, an IRI) in a buffer of at most 16 MiB
TOO_LONG = "a literal or IRI longer than 16 MiB cannot be read"


def too_long(err: MemoryError) -> bool:
    """Whether pyoxigraph's parser refused a token over its buffer limit (not a real OOM)."""
    return "buffer maximal size" in str(err)


def read_graph(path: str | Path) -> Graph:
    """Read an RDF file whose format its extension names; all named graphs are merged.

    Parsing is lenient about language tags and IRIs, so that the shapes, not
    the parser, report them.
    """
    file, fmt = check_file(path)
    graph = Graph()
    with _parse_errors(file), file.open("rb") as handle:
        base_iri = file.resolve().as_uri()
        quads = ox.parse(handle, format=fmt.oxigraph, base_iri=base_iri, lenient=True)
        graph.addN(
            (from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object), graph)
            for q in quads
        )
    if len(graph) == 0:
        raise InputFileError(f"{file}: no triples (empty file)")
    return graph


def read_store(path: str | Path) -> ox.Store:
    """An RDF file loaded into an in-memory pyoxigraph store, without rdflib objects.

    Named graphs stay named: query it with use_default_graph_as_union for the merge.
    """
    file, fmt = check_file(path)
    store = ox.Store()
    with _parse_errors(file):
        store.bulk_load(
            path=file, format=fmt.oxigraph, base_iri=file.resolve().as_uri(), lenient=True
        )
    if len(store) == 0:
        raise InputFileError(f"{file}: no triples (empty file)")
    return store
