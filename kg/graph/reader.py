"""Read an RDF file a user gives (`validate FILE`, `query --graph FILE`, `load FILE`).

One reader for every command: the format comes from the extension (the
registry in kg.graph.formats), named graphs are merged, and unusable input
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
from kg.rdf import formats


def check_file(path: str | Path) -> tuple[Path, formats.RdfFormat]:
    """The file and its format, or one line saying why it cannot be read."""
    file = Path(path)
    try:
        fmt = formats.for_path(file)
    except UsageError as err:
        raise InputFileError(str(err)) from None
    if not file.exists():
        raise InputFileError(f"{file}: no such file")
    if file.is_dir():
        raise InputFileError(f"{file}: is a folder, not a file")
    if not file.is_file():  # a FIFO would block the read for ever, a device never end
        raise InputFileError(f"{file}: not a regular file (device, FIFO or socket)")
    return file, fmt


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
