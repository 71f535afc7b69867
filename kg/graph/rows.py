"""Triples as rows of plain strings, sorted and written without a Python object per term.

A row is (subject IRI, predicate IRI, object in N-Triples syntax). The
builder makes rows straight from the records; they are sorted in nkkg's
output order (subject, rdf:type first, predicate, object as rdflib's n3()
writes it, the order rdflib's path had) and handed to pyoxigraph as one
N-Triples (or N-Quads) text, which its Rust parser and writers turn into
any format: the same bytes as the rdflib path, at a fraction of the time
and memory (docs/design.md, "Scale").
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF

from kg.graph import formats
from kg.graph.namespace import prefixes
from kg.graph.terms import nt

Row = tuple[str, str, str]

_TYPE = str(RDF.type)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_UNESCAPE = re.compile(r"\\(.)")
_UNESCAPED = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t"}


def iri(value: str) -> str:
    return f"<{value}>"


def plain_literal(text: str) -> str:
    return f'"{text.translate(_ESCAPES)}"'


def lang_literal(text: str, lang: str) -> str:
    return f'"{text.translate(_ESCAPES)}"@{lang}'


def typed_literal(text: str, datatype: str) -> str:
    return f'"{text.translate(_ESCAPES)}"^^<{datatype}>'


def rows_of(graph: Graph) -> Iterator[Row]:
    """An rdflib graph's triples as rows (its subjects must be IRIs, as nkkg's are)."""
    for s, p, o in graph:
        yield str(s), str(p), nt(o)


def _n3(obj: str) -> str:
    """The object as rdflib's n3() writes it: N-Triples but for newlines and tabs."""
    if "\\" not in obj:
        return obj  # nothing escaped: the two syntaxes agree
    end = obj.rfind('"')
    text = _UNESCAPE.sub(lambda m: _UNESCAPED[m.group(1)], obj[1:end])
    if "\n" in text:  # rdflib's Literal._quote_encode: a long string
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + '\\"'
        quoted = '"""' + encoded.replace("\r", "\\r") + '"""'
    else:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
        quoted = f'"{escaped}"'
    return quoted + obj[end + 1 :]


def _key(row: Row) -> tuple[str, bool, str, str]:
    # the subject's IRI, not "<iri>": "<x>" would sort after "<x-1>" and split a subject's block
    s, p, o = row
    return (s, p != _TYPE, p, _n3(o))


def sort_rows(rows: Iterable[Row]) -> list[Row]:
    """Distinct rows in nkkg's output order (a graph is a set: duplicates collapse)."""
    return sorted(set(rows), key=_key)


def nt_text(rows: Iterable[Row]) -> bytes:
    """Rows as N-Triples text (pyoxigraph rewrites it canonically; see serialize_rows)."""
    return "".join([f"<{s}> <{p}> {o} .\n" for s, p, o in rows]).encode()


class _Lines(io.RawIOBase):
    """Rows read as N-Triples bytes a chunk at a time, so the whole text never exists at once."""

    def __init__(self, rows: list[Row], chunk: int = 20_000) -> None:
        self._rows, self._chunk, self._next, self._buffer = rows, chunk, 0, b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer and self._next < len(self._rows):
            part = self._rows[self._next : self._next + self._chunk]
            self._next += self._chunk
            self._buffer = "".join([f"<{s}> <{p}> {o} .\n" for s, p, o in part]).encode()
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def serialize_rows(
    rows: list[Row], fmt: str | formats.RdfFormat = "turtle", base: str = "", *, text: bytes = b""
) -> bytes:
    """Sorted rows in one of the registry's formats; `text` is nt_text(rows) if already made."""
    rdf_format = fmt if isinstance(fmt, formats.RdfFormat) else formats.get(fmt)
    parsed: Iterator[ox.Triple] | Iterator[ox.Quad]
    if not text and not rdf_format.datasets:
        stream = io.BufferedReader(_Lines(rows), buffer_size=1 << 20)
        parsed = ox.parse(stream, format=ox.RdfFormat.N_TRIPLES)
    elif rdf_format.datasets:
        data = text or nt_text(
            rows
        )  # a named graph, so the file can sit beside others in a dataset
        name = f" <{base.rstrip('/#')}> .\n".encode()
        data = data.replace(b" .\n", name)  # " .\n" ends a line only: escaped in literals
        parsed = ox.parse(data, format=ox.RdfFormat.N_QUADS)
    else:
        parsed = ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
    names = prefixes(base) if rdf_format.prefixes else None
    written = ox.serialize(parsed, format=rdf_format.oxigraph, prefixes=names)
    assert written is not None  # no output file given: pyoxigraph returns the bytes
    return written
