"""In-process queries under a deadline: evaluated in a worker process that can be stopped.

Neither rdflib nor pyoxigraph can cancel a running query (pyoxigraph's
Store.query has no timeout or cancellation, and rdflib's SERVICE client opens
URLs without a timeout), so the query runs in a child process that is killed
when the deadline passes. SERVICE calls happen inside the child and share its
deadline. Where `fork` exists the child inherits the graph already in memory;
elsewhere it is sent as N-Triples and rebuilt there. A fork costs about 10 ms
(more than most queries on the packaged graph); a thread that gives up at the
deadline would be cheaper but leaves the query running, which nothing can stop.
"""

from __future__ import annotations

import decimal
import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from kg.graph.serialize import serialize
from kg.graph.terms import from_oxigraph, normalize, oxigraph_store

Rows = tuple[list[str], list[tuple[Identifier | None, ...]]]
Triples = list[tuple[Identifier, Identifier, Identifier]]
Answer = Rows | bool | Triples
"""SELECT: variables and rows; ASK: the boolean; CONSTRUCT and DESCRIBE: the triples."""
Data = Graph | ox.Store


class WorkerTimeout(Exception):
    """The query ran past its deadline; the worker was stopped."""


class WorkerFailed(Exception):
    """The query failed inside the worker; the message is the engine's."""


def evaluate(engine: str, data: Data, text: str, union: bool = False) -> Answer:
    """Run a query on `data` with the engine; the answer in rdflib terms (see Answer).

    `union`: a store's named graphs are read as its default graph (a TriG or
    N-Quads file, merged as kg.graph.reader.read_graph merges it).
    """
    if engine == "oxigraph":
        store = data if isinstance(data, ox.Store) else oxigraph_store(data)
        solutions = store.query(text, use_default_graph_as_union=union)
        if isinstance(solutions, ox.QueryBoolean):
            return bool(solutions)
        if isinstance(solutions, ox.QueryTriples):
            return [
                (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                for t in solutions
            ]
        assert isinstance(solutions, ox.QuerySolutions)
        variables = [v.value for v in solutions.variables]
        # solutions are lazy: SERVICE and evaluation errors surface while iterating
        rows = [
            tuple(None if s[v] is None else from_oxigraph(s[v]) for v in variables)
            for s in solutions
        ]
        return variables, rows
    assert isinstance(data, Graph)
    result = data.query(text)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return [tuple(normalize(term) for term in triple) for triple in result.graph]  # type: ignore[misc, arg-type]
    found = [tuple(normalize(term) for term in row) for row in result]  # type: ignore[union-attr, arg-type]
    return [str(v) for v in result.vars or []], found


def _as_bytes(data: Data) -> bytes:
    if isinstance(data, ox.Store):  # every graph: N-Triples is N-Quads too, read back as such
        return data.dump(format=ox.RdfFormat.N_QUADS) or b""
    return serialize(data, "nt")


def _from_bytes(engine: str, data: bytes) -> Data:
    if engine == "oxigraph":
        store = ox.Store()
        store.load(data, format=ox.RdfFormat.N_QUADS)
        return store
    return Graph().parse(data=data, format="nt")


def describe(err: BaseException) -> str:
    """An engine's exception as one line (decimal's str() is only "[<class '...'>]")."""
    if isinstance(err, decimal.DecimalException):
        return "a number in the graph is too large or too precise for decimal arithmetic"
    return " ".join(str(err).split()) or type(err).__name__


def _start_method() -> str:
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _child(conn: Connection, engine: str, data: Data | bytes, text: str, union: bool) -> None:
    try:
        if isinstance(data, bytes):
            data = _from_bytes(engine, data)
        conn.send(("ok", evaluate(engine, data, text, union)))
    except BaseException as err:  # everything goes back to the parent as one line
        conn.send(("error", describe(err)))
    finally:
        conn.close()


def evaluate_with_deadline(
    engine: str, data: Data, text: str, timeout: float, union: bool = False
) -> Answer:
    """evaluate() in a worker process; WorkerTimeout after `timeout` seconds, the worker killed."""
    method = _start_method()
    context: Any = multiprocessing.get_context(method)
    receive, send = context.Pipe(duplex=False)
    payload = data if method == "fork" else _as_bytes(data)
    process = context.Process(target=_child, args=(send, engine, payload, text, union), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise WorkerTimeout
        try:
            status, value = receive.recv()
        except EOFError:
            raise WorkerFailed(
                f"the query worker ended without an answer (exit {process.exitcode})"
            ) from None
        if status == "error":
            raise WorkerFailed(value)
        return value
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join()
