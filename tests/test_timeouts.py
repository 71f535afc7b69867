"""Nothing waits for ever: in-process queries, endpoints and SERVICE calls under --timeout.

The times each limit took to fire are printed (pytest -s shows them) for the
issue's closing note; the assertions bound them.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.cli.output import waiting
from kg.graph.serialize import serialize
from kg.sparql import default_graph
from kg.sparql.worker import Resident, WorkerFailed, WorkerTimeout
from kg.store.oxigraph import OxigraphServer

LIMIT = "0.5"  # seconds: short, so that the tests that wait for it stay cheap
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n"


@pytest.fixture
def cross(tmp_path: Path) -> Path:
    default_graph()  # built and validated once per session: the time measured is the query's
    path = tmp_path / "cross.rq"
    path.write_text(CROSS, encoding="utf-8")
    return path


@pytest.fixture
def silent(silent_server: tuple[str, list]) -> str:
    """The query URL of a server that accepts connections and never answers."""
    return f"{silent_server[0]}/sparql"


def timed(run_nkkg, *args: str) -> tuple[object, float]:
    started = time.monotonic()
    result = run_nkkg(*args)
    elapsed = time.monotonic() - started
    print(f"\n{' '.join(args[:2])} ... {args[-1]}: {elapsed:.2f} s")
    return result, elapsed


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_cross_product_in_process_stops_at_the_limit(run_nkkg, cross: Path, engine: str) -> None:
    result, elapsed = timed(run_nkkg, "query", str(cross), "--engine", engine, "--timeout", LIMIT)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"nkkg: error: query '{cross}' ran past the {LIMIT} s limit in {engine} and was stopped "
        "(--timeout SECONDS sets the limit)\n"
    )
    assert float(LIMIT) <= elapsed < 10


def test_a_cross_product_on_an_endpoint_stops_at_the_limit(run_nkkg, cross: Path) -> None:
    with OxigraphServer() as server:
        import urllib.request

        put = urllib.request.Request(
            f"{server.store_url}?default",
            serialize(default_graph(), "nt"),
            {"Content-Type": "application/n-triples"},
            method="PUT",
        )
        urllib.request.urlopen(put, timeout=30).close()
        result, elapsed = timed(
            run_nkkg, "query", str(cross), "--endpoint", server.query_url, "--timeout", LIMIT
        )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"nkkg: error: {server.query_url}: no answer within {LIMIT} s\n"
    assert float(LIMIT) <= elapsed < 10


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_service_that_never_answers_stops_at_the_limit(
    run_nkkg, silent: str, engine: str
) -> None:
    result, elapsed = timed(
        run_nkkg, "query", "wikidata-iso-codes", "--param", f"wikidata={silent}",
        "--engine", engine, "--timeout", LIMIT,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"nkkg: error: query 'wikidata-iso-codes' ran past the {LIMIT} s limit in {engine} "
        f"(SERVICE {silent}) and was stopped (--timeout SECONDS sets the limit)\n"
    )
    assert float(LIMIT) <= elapsed < 10


def test_an_endpoint_that_never_answers_is_asked_once(run_nkkg, silent: str) -> None:
    result, elapsed = timed(run_nkkg, "query", "hierarchy", "--endpoint", silent,
                            "--timeout", "0.5")  # fmt: skip
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"nkkg: error: {silent}: no answer within 0.5 s\n"
    assert elapsed < 5


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_waiting_line_appears_on_a_terminal_only() -> None:
    shown, piped = Terminal(), io.StringIO()
    for stream in (shown, piped):
        with waiting("query 'hierarchy' (rdflib)", 30, after=0.02, stream=stream):
            time.sleep(0.15)
    assert shown.getvalue() == (
        "nkkg: waiting for query 'hierarchy' (rdflib) (limit 30 s, --timeout SECONDS)\n"
    )
    assert piped.getvalue() == ""
    quick = Terminal()
    with waiting("x", 30, after=0.1, stream=quick):
        pass
    time.sleep(0.15)
    assert quick.getvalue() == ""  # answered in time: nothing said


@pytest.fixture
def worker() -> Iterator[Resident]:
    """A kept worker on the packaged graph's store, stopped after the test."""
    from kg.pipeline import default_project

    kept = Resident("oxigraph", default_project().store())
    yield kept
    kept.stop()


ASK = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


def test_the_kept_worker_answers_again_and_a_timeout_replaces_it(worker: Resident) -> None:
    first = worker.evaluate(ASK, 10)
    assert worker._process is not None
    pid = worker._process.pid
    assert worker.evaluate(ASK, 10) == first  # the same process answers
    assert worker._process.pid == pid
    with pytest.raises(WorkerFailed, match=r"^error at 1:16: expected DISTINCT"):  # kept
        worker.evaluate("SELECT nonsense", 10)
    assert worker._process.pid == pid
    with worker._lock:  # another thread is asking: this query gets a worker of its own
        assert worker.evaluate(ASK, 10) == first
    started = time.monotonic()
    with pytest.raises(WorkerTimeout):
        worker.evaluate(CROSS, float(LIMIT))
    assert float(LIMIT) <= time.monotonic() - started < 10
    assert worker._process is None  # stopped; the next query starts another
    assert worker.evaluate(ASK, 10) == first
    assert worker._process.pid != pid


def test_an_interrupted_query_stops_the_kept_worker_and_the_next_gets_its_own_answer(
    worker: Resident,
) -> None:
    first = worker.evaluate(ASK, 10)
    assert worker._conn is not None

    def interrupted(timeout: float) -> bool:
        raise KeyboardInterrupt

    worker._conn.poll = interrupted  # type: ignore[method-assign]  # Ctrl-C while waiting
    with pytest.raises(KeyboardInterrupt):
        worker.evaluate("SELECT ?s { ?s ?p ?o } LIMIT 1", 10)
    assert worker._process is None  # its late answer cannot reach the next query
    assert worker.evaluate(ASK, 10) == first


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="lists /proc/PID/fd")
def test_the_kept_worker_holds_none_of_the_parents_files_or_sockets(worker: Resident) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as listener:  # open when the worker is forked
        port = listener.getsockname()[1]
        worker.evaluate("SELECT * { ?s ?p ?o } LIMIT 1", 10)  # the first query forks it
        assert worker._process is not None
        fds = sorted(int(fd) for fd in os.listdir(f"/proc/{worker._process.pid}/fd"))
        assert fds[:3] == [0, 1, 2] and len(fds) == 4  # standard streams and its pipe
    with pytest.raises(ConnectionRefusedError):  # closed here: nobody listens on the port
        socket.create_connection(("127.0.0.1", port), timeout=5)
