"""Running a query: in-process on rdflib's or pyoxigraph's engine, or on a remote endpoint.

The answer has the same shape everywhere: variable names and rows of rdflib
terms, so tables, formats and tests compare answers across engines. ASK,
CONSTRUCT and DESCRIBE queries answer with an AskResult or a GraphResult
(execute(); run_query() is SELECT's).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from kg.errors import NkkgError, UsageError
from kg.graph.reader import read_graph, read_store
from kg.graph.terms import oxigraph_store
from kg.rdf import formats
from kg.rdf.namespace import DEFAULT_BASE
from kg.resources import resource_dir
from kg.sparql.entities import check_entities
from kg.sparql.forms import ENGINES
from kg.sparql.params import bind, prepare
from kg.sparql.remote import AskResult, GraphResult, remote_answer
from kg.sparql.saved import SavedQuery, resolve
from kg.sparql.worker import (
    WorkerFailed,
    WorkerTimeout,
    describe,
    evaluate_with_deadline,
)
from kg.store.http import SelectResult, select
from kg.store.local import open_store
from kg.store.policy import QUERY_POLICY, RetryPolicy

QueryResult = SelectResult  # the same shape in-process and remote: rows of rdflib terms
Answer = QueryResult | AskResult | GraphResult


def run_query(
    query: str | Path | SavedQuery,
    params: Mapping[str, str | int | Identifier] | None = None,
    *,
    graph: Graph | str | Path | None = None,
    endpoint: str | None = None,
    store: str | Path | ox.Store | None = None,
    engine: str | None = None,
    base: str = DEFAULT_BASE,
    policy: RetryPolicy = QUERY_POLICY,
) -> QueryResult:
    """Run a saved SELECT query (by name) or a .rq file; see execute() for where and how."""
    saved = resolve(query)
    if saved.form != "SELECT":
        raise UsageError(
            f"query '{saved.name}' is {'an' if saved.form == 'ASK' else 'a'} {saved.form} query; "
            "run_query gives SELECT rows, "
            "execute() (or Project.query) answers every form"
        )
    answer = execute(
        saved,
        params,
        graph=graph,
        endpoint=endpoint,
        store=store,
        engine=engine,
        base=base,
        policy=policy,
    )
    assert isinstance(answer, SelectResult)
    return answer


def execute(
    query: str | Path | SavedQuery,
    params: Mapping[str, str | int | Identifier] | None = None,
    *,
    graph: Graph | str | Path | None = None,
    endpoint: str | None = None,
    store: str | Path | ox.Store | None = None,
    engine: str | None = None,
    base: str = DEFAULT_BASE,
    policy: RetryPolicy = QUERY_POLICY,
) -> Answer:
    """Run a saved query (by name) or a .rq file with checked parameters: any query form.

    With `endpoint`, on that SPARQL 1.1 endpoint; otherwise in-process on
    `graph` (a Graph or a built file) or on a `store`: a folder `nkkg build
    --store-dir` wrote, or a pyoxigraph Store you hold (to run many queries on
    one graph; Project().query runs on the packaged data's). The
    engine is pyoxigraph's (rdflib's takes seconds per 100,000 triples to parse
    and query, and a tenth of a second per query on the packaged graph) except
    for an rdflib Graph you pass, unless `engine` names one; tests keep the two
    engines' answers equal on every saved query. The answer has the same shape either
    way: variable names and rows of rdflib terms. `policy.timeout` bounds the
    whole run in-process too: the query is evaluated in a worker process
    stopped at the deadline (QueryTimeout, never retried), SERVICE calls included.
    A parameter that names an entity by slug (a `city`) must name one of the
    graph queried.
    """
    saved = resolve(query)
    text = prepare(saved, params, base)
    given = sum(source is not None for source in (graph, store, endpoint))
    if given != 1:
        raise UsageError(
            "give a graph, a store or an endpoint, not more than one"
            if given
            else "give a graph, a store or an endpoint (Project().query runs on the packaged data)"
        )
    if endpoint is not None:
        check_entities(saved, params, base, endpoint=endpoint, policy=policy)
        if saved.form == "SELECT":
            return select(endpoint, text, policy)
        return remote_answer(endpoint, text, saved.form, policy)
    if engine is None:
        engine = "rdflib" if isinstance(graph, Graph) else "oxigraph"
    if engine not in ENGINES:
        raise UsageError(f"unknown engine '{engine}' (known: {', '.join(ENGINES)})")
    if store is not None and engine != "oxigraph":
        raise UsageError("a store is queried with pyoxigraph's engine only")
    union = False  # a file's named graphs are merged, as read_graph merges them
    data: Graph | ox.Store
    if isinstance(graph, str | Path):
        if engine == "oxigraph":
            data, union = read_store(graph), formats.for_path(graph).datasets
        else:
            data = read_graph(graph)
    elif isinstance(store, ox.Store):
        data = store
    elif store is not None:
        data = open_store(store)
    else:
        assert graph is not None
        data = oxigraph_store(graph) if engine == "oxigraph" else graph
    check_entities(saved, params, base, data=data, union=union)
    try:
        answer = evaluate_with_deadline(engine, data, text, policy.timeout, union)
    except WorkerTimeout:
        where, called = _names(saved, params, base)
        raise QueryTimeout(
            f"query '{where}' ran past the {policy.timeout:g} s limit in {engine}{called} "
            "and was stopped (--timeout SECONDS sets the limit)"
        ) from None
    except WorkerFailed as err:  # the engines raise many types (SERVICE: URLError, OSError...)
        raise NkkgError(_failure(saved, params, base, engine, err)) from None
    if isinstance(answer, bool):
        return AskResult(answer)
    if isinstance(answer, list):
        return GraphResult(answer)
    return QueryResult(*answer)


class QueryTimeout(NkkgError):
    """A query that ran past its time limit; never retried."""


def _names(
    saved: SavedQuery, params: Mapping[str, str | int | Identifier] | None, base: str
) -> tuple[str, str]:
    """The query's name (or file) and ' (SERVICE url, ...)' for the endpoints it calls."""
    where = saved.name if saved.path.parent == resource_dir("queries") else str(saved.path)
    services = [
        str(term)
        for name, term in bind(saved, params, base).items()
        if saved.parameter(name).type == "endpoint"
    ]
    return where, f" (SERVICE {', '.join(services)})" if services else ""


def _failure(
    saved: SavedQuery,
    params: Mapping[str, str | int | Identifier] | None,
    base: str,
    engine: str,
    err: BaseException,
) -> str:
    """One line: which query, which engine, the SERVICE endpoints it called, what went wrong."""
    where, called = _names(saved, params, base)
    detail = describe(err)
    return f"query '{where}' failed in {engine}{called}: {detail}"
