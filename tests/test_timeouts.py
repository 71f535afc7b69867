"""Nothing waits for ever: in-process queries, endpoints and SERVICE calls under --timeout.

The times each limit took to fire are printed (pytest -s shows them) for the
issue's closing note; the assertions bound them.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from kg.cli.output import waiting
from kg.graph.serialize import serialize
from kg.pipeline import default_project
from kg.sparql.worker import WorkerFailed, WorkerTimeout, evaluate, evaluate_with_deadline
from kg.store.oxigraph import OxigraphServer

LIMIT = "0.5"  # seconds: short, so that the tests that wait for it stay cheap
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n"


@pytest.fixture
def cross(tmp_path: Path) -> Path:
    default_project().validated_graph()  # built once per session: the time measured is the query's
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
            serialize(default_project().validated_graph(), "nt"),
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


ASK = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


def test_each_query_gets_a_child_that_is_gone_after_its_answer_error_or_deadline() -> None:
    store = default_project().store()
    first = evaluate_with_deadline("oxigraph", store, ASK, 10)
    assert first == evaluate("oxigraph", store, ASK)  # the child's answer is the engine's
    with pytest.raises(WorkerFailed, match=r"^error at 1:16: expected DISTINCT"):
        evaluate_with_deadline("oxigraph", store, "SELECT nonsense", 10)
    started = time.monotonic()
    with pytest.raises(WorkerTimeout):
        evaluate_with_deadline("oxigraph", store, CROSS, float(LIMIT))
    assert float(LIMIT) <= time.monotonic() - started < 10
    assert multiprocessing.active_children() == []  # none left computing the cross product
    assert evaluate_with_deadline("oxigraph", store, ASK, 10) == first


def test_ctrl_c_while_a_query_runs_stops_its_child() -> None:
    store = default_project().store()
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            evaluate_with_deadline("oxigraph", store, CROSS, 30)
    finally:
        timer.cancel()
    assert multiprocessing.active_children() == []
