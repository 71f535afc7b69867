"""The Wikidata side of linking: the service and its answers (the graph's side: kg.views.Entity).

The graph links an entity to its Wikidata item with skos:exactMatch. check,
suggest and diff ask a SPARQL 1.1 endpoint that has Wikidata's RDF model
(Wikidata's query service by default) through kg.store.http, so every request
carries the descriptive User-Agent, honours 429 Retry-After and is retried a
bounded number of times. Values from the graph enter queries only as RDF terms
in VALUES blocks, written by kg.graph.terms.nt, never pasted as text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, Namespace
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Identifier, Node

from kg.graph.terms import nt
from kg.rdf.namespace import WD
from kg.store.http import RemoteError, check_url, select
from kg.store.policy import WIKIDATA_POLICY, RetryPolicy
from kg.views import Entity, Views

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"

WDT = Namespace("http://www.wikidata.org/prop/direct/")
P = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PSN = Namespace("http://www.wikidata.org/prop/statement/value-normalized/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")
WIKIBASE = Namespace("http://wikiba.se/ontology#")

PREFIXES = "".join(
    f"PREFIX {name}: <{iri}>\n"
    for name, iri in (
        ("wd", WD),
        ("wdt", WDT),
        ("p", P),
        ("ps", PS),
        ("psn", PSN),
        ("pq", PQ),
        ("wikibase", WIKIBASE),
        ("rdfs", RDFS),
        ("skos", SKOS),
        ("owl", "http://www.w3.org/2002/07/owl#"),
    )
)

# nkkg kind (ontology class name) -> Wikidata class QID. Empty on purpose: no
# sourced QID is known for Wikidata's classes of North Korean divisions, and
# no QID is guessed; kinds are shown, not compared.
KIND_CLASSES: Mapping[str, str] = {}

_YEAR = re.compile(r"^[+-]?([0-9]+)")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Service:
    """A SPARQL endpoint with Wikidata's model, and how hard to try it."""

    url: str = WIKIDATA_ENDPOINT
    policy: RetryPolicy = WIKIDATA_POLICY
    sleep: Callable[[float], None] = time.sleep

    def rows(self, query: str) -> list[dict[str, Identifier]]:
        result = select(self.url, query, self.policy, self.sleep)
        return [
            _Row(
                self.url,
                result.variables,
                {
                    n: term
                    for n, term in zip(result.variables, row, strict=True)
                    if term is not None
                },
            )
            for row in result.rows
        ]


class _Row(dict[str, Identifier]):
    """One answer row; a variable the answer does not have at all is one line, not KeyError."""

    def __init__(self, url: str, variables: Sequence[str], terms: dict[str, Identifier]) -> None:
        super().__init__(terms)
        self.url, self.variables = url, tuple(variables)

    def __missing__(self, name: str) -> Identifier:
        if name in self.variables:  # unbound in this row: the caller's KeyError, as for a dict
            raise KeyError(name)
        shown = ", ".join(f"?{v}" for v in self.variables) or "none"
        raise RemoteError(
            f"{self.url}: the answer has no ?{name} variable (its variables: {shown}); "
            "is this a Wikidata-like SPARQL endpoint?"
        )


def checked_service(endpoint: str | Service) -> Service:
    """A Service for a URL (or the one given), its URL checked before any request."""
    service = endpoint if isinstance(endpoint, Service) else Service(endpoint)
    check_url(service.url)
    return service


# ---------------------------------------------------------------- the graph's side


def entities(graph: Graph | ox.Store | Views) -> list[Entity]:
    """The graph's entities as linking compares them (kg.views.Entity), by id."""
    return Views.of(graph).entities()


def year(term: Node | None) -> int | None:
    """The year of a Wikidata time (+2008-10-01T00:00:00Z) or date."""
    if term is None:
        return None
    match = _YEAR.match(str(term))
    return int(match.group(1)) if match else None


def ask_in_chunks(
    service: Service,
    items: Sequence,
    query: Callable[[Sequence], str],
    progress: Progress | None,
    size: int,
) -> list[dict[str, Identifier]]:
    """One request per chunk of items, reporting progress after each."""
    rows: list[dict[str, Identifier]] = []
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        rows.extend(service.rows(query(chunk)))
        if progress is not None:
            progress(start + len(chunk), len(items))
    return rows


def values_block(variables: str, rows: Iterable[tuple[Identifier, ...]]) -> str:
    """A VALUES block: every term written by rdflib, so quotes stay inside literals."""
    body = " ".join("(" + " ".join(nt(term) for term in row) + ")" for row in rows)
    return f"VALUES ({variables}) {{ {body} }}"


def item_qid(term: Identifier | None) -> str:
    return str(term).removeprefix(str(WD)) if term is not None else ""


def same_text(ours: Iterable[str], theirs: Iterable[str]) -> bool:
    wanted = {" ".join(s.split()).casefold() for s in ours}
    return any(" ".join(s.split()).casefold() in wanted for s in theirs)


def join(values: Iterable[str]) -> str:
    return "; ".join(sorted(values)) or "(none)"


def number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def dated(value: Decimal | int, date: str | None) -> str:
    shown = number(Decimal(value))
    return f"{shown} ({date[:10]})" if date else shown


def rounded(value: Decimal, like: Decimal) -> Decimal:
    exponent = like.as_tuple().exponent
    return value.quantize(Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0))
