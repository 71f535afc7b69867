"""Parameters that name an entity, checked against the graph the query runs on.

A `city` given as a slug must be a city of that graph (a record with a status
history), not of the packaged data: a valid slug of the user's own graph,
store or endpoint is accepted, and a typo is refused with the graph's own
slugs instead of running to an empty answer. A full IRI is not checked (it
may name anything, and an unknown one answers empty).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Identifier

from kg.errors import NkkgError
from kg.rdf.namespace import HTTP_IRI, NKKG
from kg.sparql.saved import SavedQuery
from kg.store.http import select
from kg.store.policy import RetryPolicy

_CITIES = f"SELECT DISTINCT ?entity WHERE {{ ?entity <{NKKG.statusPeriod}> ?period }}"


def _slugs(iris: Iterable[object], base: str) -> list[str]:
    return sorted({str(i)[len(base) :] for i in iris if str(i).startswith(base)})


def city_slugs(
    base: str,
    *,
    data: Graph | ox.Store | None = None,
    union: bool = False,
    endpoint: str | None = None,
    policy: RetryPolicy | None = None,
) -> list[str]:
    """The slugs (under `base`) of the graph's entities with a status history, sorted."""
    if isinstance(data, Graph):
        return _slugs((s for s in data.subjects(NKKG.statusPeriod) if isinstance(s, URIRef)), base)
    if isinstance(data, ox.Store):
        found = data.query(_CITIES, use_default_graph_as_union=union)
        assert isinstance(found, ox.QuerySolutions)
        named = (s["entity"] for s in found)
        return _slugs((n.value for n in named if isinstance(n, ox.NamedNode)), base)
    assert endpoint is not None and policy is not None
    rows = select(endpoint, _CITIES, policy).rows
    return _slugs((row[0] for row in rows if isinstance(row[0], URIRef)), base)


def check_entities(
    saved: SavedQuery,
    params: Mapping[str, str | int | Identifier] | None,
    base: str,
    *,
    data: Graph | ox.Store | None = None,
    union: bool = False,
    endpoint: str | None = None,
    policy: RetryPolicy | None = None,
) -> None:
    """Refuse a `city` slug that names no city of the graph queried (NkkgError, one line)."""
    given = dict(params or {})
    slugs: list[str] | None = None
    for param in saved.parameters:
        if param.type != "city":
            continue
        raw = str(given.get(param.name, param.default))
        if HTTP_IRI.fullmatch(raw):
            continue
        if slugs is None:  # one look at the graph, whatever the number of parameters
            slugs = city_slugs(base, data=data, union=union, endpoint=endpoint, policy=policy)
        if raw not in slugs:
            known = f"one of {', '.join(slugs)}" if slugs else "a city of the graph queried"
            raise NkkgError(
                f"invalid value for parameter '{param.name}': expected {known} "
                f"or an absolute http(s) IRI, got {raw!r}"
            )
