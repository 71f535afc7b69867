"""The answers of ASK, CONSTRUCT and DESCRIBE queries, in-process or from an endpoint.

SELECT answers are rows (kg.store.http.SelectResult, the same shape everywhere);
an ASK answer is one boolean and a CONSTRUCT or DESCRIBE answer a set of
triples, asked of an endpoint through the same HTTP client (one deadline,
retries, credentials) with the media types SPARQL 1.1 Protocol names.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.term import Identifier

from kg.graph.terms import from_oxigraph
from kg.store.http import RemoteError, RetryPolicy, http_request

Triple = tuple[Identifier, Identifier, Identifier]


@dataclass(frozen=True)
class AskResult:
    """An ASK query's answer."""

    boolean: bool


@dataclass(frozen=True)
class GraphResult:
    """A CONSTRUCT or DESCRIBE query's answer: triples of rdflib terms."""

    triples: list[Triple]


BOOLEAN_MEDIA_TYPE = "application/sparql-results+json"
GRAPH_MEDIA_TYPES = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


def remote_answer(
    endpoint: str, text: str, form: str, policy: RetryPolicy
) -> AskResult | GraphResult:
    """Ask an endpoint an ASK, CONSTRUCT or DESCRIBE query (POST, form-encoded)."""
    accept = BOOLEAN_MEDIA_TYPE if form == "ASK" else GRAPH_MEDIA_TYPES
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    body = urllib.parse.urlencode({"query": text}).encode("ascii")
    answer = http_request("POST", endpoint, body, headers, policy)
    media = (answer.headers.get("Content-Type") or "").split(";")[0].strip()
    if form == "ASK":
        try:
            data = json.loads(answer.body)
            value = data["boolean"]
        except (ValueError, KeyError, TypeError):
            value = None
        if not isinstance(value, bool):
            raise RemoteError(
                f"{endpoint}: the answer to an ASK query is not SPARQL JSON results "
                f"with a boolean ({media or 'no Content-Type'})"
            )
        return AskResult(value)
    rdf_format = ox.RdfFormat.from_media_type(media) if media else None
    if rdf_format is None:
        raise RemoteError(
            f"{endpoint}: the answer to a {form} query is not RDF ({media or 'no Content-Type'})"
        )
    try:
        triples = [
            (from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object))
            for q in ox.parse(answer.body, format=rdf_format)
        ]
    except (SyntaxError, ValueError) as err:
        raise RemoteError(
            f"{endpoint}: the {form} answer does not parse as {media}: {err}"
        ) from None
    return GraphResult(triples)
