"""What a load sent and what the store holds, compared triple by triple.

A count check passes when a store rewrites what it was given: Virtuoso
answers 15 points with its own geometry datatype, coordinates with float
noise and whole decimals as integers, all in the same number of triples.
So a load reads the graph back (SPARQL JSON results, the store's own terms
unparsed by rdflib, which would normalise lexical forms) and compares it
with the file's triples. Blank nodes are renamed by every store, so each
stands as `_:b` in the comparison: a multiset of canonical triples. Numbers
and booleans compare by value in their datatype, as stores keep them (Oxigraph
answers "35.0"^^xsd:decimal as "35"): a store may write a value its own way,
but not change the value or its datatype.
"""

from __future__ import annotations

import dataclasses
import decimal
import json
import math
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rich.progress import Progress

from kg.errors import InputFileError, NkkgError
from kg.graph.reader import TOO_LONG, too_long
from kg.store.http import RESULTS_MEDIA_TYPE, RetryPolicy, http_request, max_answer_bytes

LARGE_FILE = 1 << 20
"""Files from this size (bytes) up show progress when a Progress is given."""

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    XSD + name
    for name in [
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
}

Term = tuple[str, str, str]  # (kind "I"/"B"/"L", value, datatype or "@lang")
Triple = tuple[Term, Term, Term]
Content = Counter[Triple]


def canonical(value: str, datatype: str) -> str:
    """A numeric or boolean literal's value in one lexical form (others as written)."""
    try:
        if datatype in _INTEGERS:
            return str(int(value.strip()))
        if datatype == XSD + "decimal":
            number = decimal.Decimal(value.strip())
            return format(number.normalize(), "f") if number.is_finite() else value
        if datatype in (XSD + "double", XSD + "float"):
            number_f = float(value.strip())
            return value if math.isnan(number_f) else repr(number_f)
        if datatype == XSD + "boolean":
            return {"1": "true", "0": "false"}.get(value.strip(), value.strip())
    except (ValueError, decimal.InvalidOperation):
        return value
    return value


def _literal(value: str, datatype: str) -> Term:
    return ("L", canonical(value, datatype), datatype)


class LoadCheckError(NkkgError):
    """The upload succeeded but the store does not hold the triples sent."""


def _ox_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("I", term.value, "")
    if isinstance(term, ox.BlankNode):
        return ("B", "", "")
    if isinstance(term, ox.Literal):
        lang = term.language
        return (
            ("L", term.value, f"@{lang.lower()}")
            if lang
            else _literal(term.value, term.datatype.value)
        )
    raise NkkgError(f"RDF-star triple terms are not loaded ({term})")


def _json_term(binding: dict[str, str]) -> Term:
    kind = binding.get("type")
    if kind == "uri":
        return ("I", binding["value"], "")
    if kind == "bnode":
        return ("B", "", "")
    lang = binding.get("xml:lang")
    if lang:
        return ("L", binding["value"], f"@{lang.lower()}")
    return _literal(binding["value"], binding.get("datatype") or XSD_STRING)


def file_content(path: Path, fmt: ox.RdfFormat, progress: Progress | None = None) -> Content:
    """The distinct triples of an RDF file as canonical triples (a syntax error: one line)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        stream: BinaryIO = handle
        if progress is not None and size >= LARGE_FILE:
            stream = progress.wrap_file(handle, total=size, description="counting triples")
        try:
            triples = set(ox.parse(stream, format=fmt, without_named_graphs=True))
        except SyntaxError as err:
            raise InputFileError(f"{path}: {err}") from None
        except MemoryError as err:
            if not too_long(err):
                raise
            raise InputFileError(f"{path}: {TOO_LONG}") from None
    return Counter(
        (_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in triples
    )


def graph_content(
    query_url: str,
    graph_iri: str | None,
    policy: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
    expected_size: int = 0,
) -> Content:
    """Every triple of a graph in the store, as the store writes its terms."""
    pattern = "?s ?p ?o" if graph_iri is None else f"GRAPH {ox.NamedNode(graph_iri)} {{ ?s ?p ?o }}"
    form = urllib.parse.urlencode({"query": f"SELECT ?s ?p ?o WHERE {{ {pattern} }}"}).encode()
    headers = {"Accept": RESULTS_MEDIA_TYPE, "Content-Type": "application/x-www-form-urlencoded"}
    if policy.max_bytes is None:  # JSON results run to several times the file's size
        policy = _with_limit(policy, max(max_answer_bytes(), 16 * expected_size))
    answer = http_request("POST", query_url, form, headers, policy, sleep)
    try:
        rows = json.loads(answer.body)["results"]["bindings"]
        return Counter(
            (_json_term(row["s"]), _json_term(row["p"]), _json_term(row["o"])) for row in rows
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        media = answer.headers.get("Content-Type", "none")
        raise NkkgError(
            f"{query_url}: the graph's triples did not come back as SPARQL JSON results "
            f"(Content-Type: {media})"
        ) from None


def _with_limit(policy: RetryPolicy, limit: int) -> RetryPolicy:
    return dataclasses.replace(policy, max_bytes=limit)


def shown(triple: Triple) -> str:
    """A canonical triple in N-Triples syntax, for an error line."""

    def term(t: Term) -> str:
        kind, value, extra = t
        if kind == "I":
            return f"<{value}>"
        if kind == "B":
            return "_:b"
        text = json.dumps(value, ensure_ascii=False)
        if extra.startswith("@"):
            return text + extra
        return text if extra == XSD_STRING else f"{text}^^<{extra}>"

    return " ".join(term(t) for t in triple)


def first_difference(sent: Content, found: Content) -> str | None:
    """The first triple sent and not found, and the first found and not sent, or None."""
    missing, extra = sent - found, found - sent
    if not missing and not extra:
        return None
    parts = []
    if missing:
        parts.append(f"sent {shown(min(missing))} but the store does not hold it")
    if extra:
        parts.append(f"it holds {shown(min(extra))} instead")
    return ", ".join(parts)


def contains(found: Content, sent: Iterable[Triple]) -> Triple | None:
    """The first triple of `sent` that `found` lacks (an append keeps what was there)."""
    lacking = sorted(t for t in sent if t not in found)
    return lacking[0] if lacking else None


def check_direct(endpoint: str, name: str, replace: bool, content: Content, held: Content) -> None:
    """After a direct PUT the graph holds exactly the file; after a POST, at least the file."""
    if replace:
        differs = (
            first_difference(content, held) if sum(held.values()) == sum(content.values()) else None
        )
        if differs is not None:
            raise LoadCheckError(
                f"content check failed: {name} at {endpoint} holds as many triples as sent, "
                f"but not the ones sent: {differs}"
            )
        return
    lacking = contains(held, content)
    if lacking is not None:
        raise LoadCheckError(
            f"content check failed: appended to {name} at {endpoint}, but it does not hold "
            f"{shown(lacking)}"
        )
