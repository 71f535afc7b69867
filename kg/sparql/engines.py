"""Running a query: in-process on rdflib's or pyoxigraph's engine, or on a remote endpoint.

The answer has the same shape everywhere: variable names and rows of rdflib
terms, so tables, formats and tests compare answers across engines.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from kg.errors import NkkgError, UsageError
from kg.graph import formats
from kg.graph.namespace import DEFAULT_BASE
from kg.graph.reader import read_graph, read_store
from kg.graph.serialize import serialize
from kg.graph.terms import from_oxigraph, normalize
from kg.resources import resource_dir
from kg.sparql.params import bind, prepare
from kg.sparql.saved import SavedQuery, resolve
from kg.store.http import QUERY_POLICY, RetryPolicy, SelectResult, select
from kg.store.local import open_store

QueryResult = SelectResult  # the same shape in-process and remote: rows of rdflib terms

ENGINES = ("rdflib", "oxigraph")


def default_graph() -> Graph:
    """The validated graph built from the packaged data (what `nkkg build` writes)."""
    from kg.pipeline import default_project

    return default_project().validated_graph()


def oxigraph_store(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph Store holding the same triples as `graph`."""
    store = ox.Store()
    store.load(serialize(graph, "nt"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _default_store() -> ox.Store:
    from kg.pipeline import default_project

    return default_project().store()


def run_query(
    query: str | Path | SavedQuery,
    params: Mapping[str, str | int | Identifier] | None = None,
    *,
    graph: Graph | str | Path | None = None,
    endpoint: str | None = None,
    store: str | Path | None = None,
    engine: str | None = None,
    base: str = DEFAULT_BASE,
    policy: RetryPolicy = QUERY_POLICY,
) -> QueryResult:
    """Run a saved query (by name) or a .rq file with checked parameters.

    With `endpoint`, on that SPARQL 1.1 endpoint; otherwise in-process on
    `graph` (a Graph or a built file; default: the graph built from the
    packaged data) or on a `store` folder `nkkg build --store-dir` wrote. The
    engine is pyoxigraph's for files and stores (rdflib's takes seconds per
    100,000 triples to parse and query), rdflib's for Graphs and the packaged
    graph, unless `engine` names one. The answer has the same shape either
    way: variable names and rows of rdflib terms.
    """
    saved = resolve(query)
    text = prepare(saved, params, base)
    if endpoint is not None:
        if graph is not None or store is not None:
            raise UsageError("give a graph, a store or an endpoint, not more than one")
        return select(endpoint, text, policy)
    if store is not None and graph is not None:
        raise UsageError("give a graph or a store, not both")
    if engine is None:
        engine = "oxigraph" if store is not None or isinstance(graph, str | Path) else "rdflib"
    if engine not in ENGINES:
        raise UsageError(f"unknown engine '{engine}' (known: {', '.join(ENGINES)})")
    if store is not None and engine != "oxigraph":
        raise UsageError("a store is queried with pyoxigraph's engine only")
    union = False  # a file's named graphs are merged, as read_graph merges them
    ox_store: ox.Store | None = None
    if isinstance(graph, str | Path):
        if engine == "oxigraph":
            ox_store, union = read_store(graph), formats.for_path(graph).datasets
        else:
            graph = read_graph(graph)
    elif store is not None:
        ox_store = open_store(store)
    try:
        if engine == "oxigraph":
            if ox_store is None:
                assert not isinstance(graph, str | Path)
                ox_store = _default_store() if graph is None else oxigraph_store(graph)
            solutions = ox_store.query(text, use_default_graph_as_union=union)
            assert isinstance(solutions, ox.QuerySolutions)
            variables = [v.value for v in solutions.variables]
            # solutions are lazy: SERVICE and evaluation errors surface while iterating
            rows = [
                tuple(None if s[v] is None else from_oxigraph(s[v]) for v in variables)
                for s in solutions
            ]
            return QueryResult(variables, rows)
        assert not isinstance(graph, str | Path)  # read above
        result = (default_graph() if graph is None else graph).query(text)
        rows = [tuple(normalize(term) for term in row) for row in result]  # type: ignore[union-attr, arg-type]
        return QueryResult([str(v) for v in result.vars or []], rows)
    except NkkgError:
        raise
    except Exception as err:  # the engines raise many types (SERVICE: URLError, OSError...)
        raise NkkgError(_failure(saved, params, base, engine, err)) from None


def _failure(
    saved: SavedQuery,
    params: Mapping[str, str | int | Identifier] | None,
    base: str,
    engine: str,
    err: Exception,
) -> str:
    """One line: which query, which engine, the SERVICE endpoints it called, what went wrong."""
    where = saved.name if saved.path.parent == resource_dir("queries") else str(saved.path)
    services = [
        str(term)
        for name, term in bind(saved, params, base).items()
        if saved.parameter(name).type == "endpoint"
    ]
    called = f" (SERVICE {', '.join(services)})" if services else ""
    detail = " ".join(str(err).split()) or type(err).__name__
    return f"query '{where}' failed in {engine}{called}: {detail}"
