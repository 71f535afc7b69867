"""The front door of `nkkg serve` (kg.serve.guard): what a web page or a query must not make it do.

A writable Oxigraph server runs behind the guard in-process, with the
packaged graph loaded through the guard itself. A second listener on
127.0.0.1 stands for any other host a SERVICE clause could name; the
tests check that it is never contacted unless SERVICE is allowed.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from kg.pipeline import default_project
from kg.serve.guard import Guard
from kg.store.graphstore import count_graph_triples, load_graph
from kg.store.http import RetryPolicy
from kg.store.oxigraph import OxigraphServer

FAST = RetryPolicy(attempts=1, backoff=0.05, timeout=20.0)
TRIPLES = len(default_project().graph)
SERVICE_REFUSED = (
    "SERVICE is refused: this server does not send requests to other endpoints "
    "(nkkg serve --allow-service allows it)\n"
)
FORM = "application/x-www-form-urlencoded"


class Witness:
    """A listener that counts the connections made to it (the host SERVICE would reach)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.contacted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.contacted += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture(scope="module")
def backend() -> Iterator[OxigraphServer]:
    with OxigraphServer(query_timeout=20) as server:
        yield server


@pytest.fixture(scope="module")
def guard(backend: OxigraphServer) -> Iterator[Guard]:
    with Guard(backend, timeout=30) as front:
        load_graph(front.store_url, default_project(), policy=FAST)  # a streamed upload
        yield front


@pytest.fixture
def witness() -> Iterator[Witness]:
    found = Witness()
    yield found
    found.close()


def send(
    guard: Guard, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", guard.port, timeout=20)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, answer.read().decode("utf-8")
    finally:
        conn.close()


def form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def count(guard: Guard) -> int:
    return count_graph_triples(guard.query_url, None, FAST)


def service_query(url: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"


@pytest.mark.parametrize(
    "how",
    ["get", "form", "sparql-query", "lowercase", "silent-variable", "update-form", "update-body"],
)
def test_service_is_refused_however_it_is_sent(guard: Guard, witness: Witness, how: str) -> None:
    query = service_query(witness.url)
    requests = {
        "get": ("GET", "/query?" + urllib.parse.urlencode({"query": query}), b"", {}),
        "form": ("POST", "/query", form(query=query), {"Content-Type": FORM}),
        "sparql-query": (
            "POST",
            "/query",
            query.encode(),
            {"Content-Type": "application/sparql-query"},
        ),
        "lowercase": (
            "POST",
            "/query",
            form(query=query.replace("SERVICE", "service")),
            {"Content-Type": FORM},
        ),
        "silent-variable": (
            "POST",
            "/query",
            form(query=f"SELECT * {{ VALUES ?e {{ <{witness.url}> }} SERVICE SILENT ?e {{ }} }}"),
            {"Content-Type": FORM},
        ),
        "update-form": (
            "POST",
            "/update",
            form(update="INSERT { ?s ?p ?o } WHERE " + query.split("WHERE", 1)[1]),
            {"Content-Type": FORM},
        ),
        "update-body": (
            "POST",
            "/update",
            ("DELETE { ?s ?p ?o } WHERE " + query.split("WHERE", 1)[1]).encode(),
            {"Content-Type": "application/sparql-update"},
        ),
    }
    method, path, body, headers = requests[how]
    assert send(guard, method, path, body, headers) == (403, SERVICE_REFUSED)
    assert witness.contacted == 0
    assert count(guard) == TRIPLES


def test_the_word_service_in_a_string_or_comment_is_no_service_call(guard: Guard) -> None:
    query = 'ASK { # SERVICE <http://example.org/>\n FILTER("SERVICE" != "") }'
    status, body = send(guard, "POST", "/query", form(query=query), {"Content-Type": FORM})
    assert (status, json.loads(body)["boolean"]) == (200, True)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a file:// page
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:1"},
    ],
    ids=["other-origin", "null-origin", "cross-site", "same-site-other-port"],
)
def test_a_cross_origin_form_post_cannot_drop_the_graph(
    guard: Guard, headers: dict[str, str]
) -> None:
    status, body = send(
        guard, "POST", "/update", form(update="DROP ALL"), {"Content-Type": FORM, **headers}
    )
    origin = headers.get("Origin", "unknown")
    assert (status, body) == (
        403,
        f"a cross-origin POST is refused (Origin {origin}): a page on another site cannot "
        "query or change this server\n",
    )
    assert count(guard) == TRIPLES


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_a_cross_origin_graph_store_write_is_refused(guard: Guard, method: str) -> None:
    one = b"<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"
    headers = {"Content-Type": "application/n-triples", "Origin": "http://evil.example"}
    status, _ = send(guard, method, "/store?default", one if method == "PUT" else b"", headers)
    assert status == 403
    assert count(guard) == TRIPLES


def test_a_same_origin_write_and_a_client_without_origin_pass(guard: Guard) -> None:
    graph = "https://example.org/graph/guard-test"
    insert = (
        f"INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/a> <http://example.org/p> 1 }} }}"
    )
    own = {"Content-Type": FORM, "Origin": guard.url}
    assert send(guard, "POST", "/update", form(update=insert), own) == (204, "")
    assert count_graph_triples(guard.query_url, graph, FAST) == 1
    drop = form(update=f"DROP GRAPH <{graph}>")
    assert send(guard, "POST", "/update", drop, {"Content-Type": FORM}) == (204, "")
    assert count_graph_triples(guard.query_url, graph, FAST) == 0


def test_another_host_name_is_refused(guard: Guard) -> None:
    host = f"rebound.example:{guard.port}"
    status, body = send(guard, "GET", "/query?query=ASK%7B%7D", headers={"Host": host})
    assert (status, body) == (
        403,
        f"this server answers for 127.0.0.1:{guard.port} or localhost:{guard.port} only, "
        f"not {host}\n",
    )
    status, _ = send(
        guard, "GET", "/query?query=ASK%7B%7D", headers={"Host": f"localhost:{guard.port}"}
    )
    assert status == 200


@pytest.mark.parametrize("service", [False, True])
def test_a_chunked_body_is_read_and_checked_like_any_other(guard: Guard, service: bool) -> None:
    query = service_query("http://127.0.0.1:1/sparql") if service else "ASK {}"
    conn = http.client.HTTPConnection("127.0.0.1", guard.port, timeout=20)
    try:
        body = iter([b"query=", urllib.parse.quote(query).encode()])
        conn.request("POST", "/query", body=body, headers={"Content-Type": FORM},
                     encode_chunked=True)  # fmt: skip
        answer = conn.getresponse()
        status, text = answer.status, answer.read().decode()
    finally:
        conn.close()
    if service:
        assert (status, text) == (403, SERVICE_REFUSED)
    else:
        assert (status, json.loads(text)["boolean"]) == (200, True)


def test_a_chunked_upload_to_the_store_is_streamed_through(guard: Guard) -> None:
    graph = "https://example.org/graph/chunked"
    lines = [
        f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n'.encode() for i in range(500)
    ]
    conn = http.client.HTTPConnection("127.0.0.1", guard.port, timeout=20)
    try:
        path = "/store?" + urllib.parse.urlencode({"graph": graph})
        conn.request("PUT", path, body=iter(lines), encode_chunked=True,
                     headers={"Content-Type": "application/n-triples"})  # fmt: skip
        answer = conn.getresponse()
        assert (answer.status, answer.read()) in {(201, b""), (204, b"")}
    finally:
        conn.close()
    assert count_graph_triples(guard.query_url, graph, FAST) == 500
    assert send(guard, "DELETE", path) == (204, "")


def test_allow_service_lets_the_query_reach_the_endpoint(
    backend: OxigraphServer, witness: Witness
) -> None:
    with Guard(backend, allow_service=True, timeout=30) as open_front:
        query = service_query(witness.url)
        status, _ = send(open_front, "POST", "/query", form(query=query), {"Content-Type": FORM})
    assert witness.contacted >= 1  # the backend did call out, so the guard let it through
    assert status != 403


def test_the_query_page_and_graph_store_reads_are_forwarded(guard: Guard) -> None:
    status, page = send(guard, "GET", "/")
    assert status == 200 and "<html" in page.lower()
    status, turtle = send(
        guard, "GET", "/store?default", headers={"Accept": "application/n-triples"}
    )
    assert status == 200
    assert turtle.count("\n") == TRIPLES


def test_a_query_past_the_thread_budget_gets_503_with_retry_after(
    backend: OxigraphServer,
) -> None:
    # two places, each held 30 s (as Oxigraph holds a thread for its --timeout-s); a third
    # query cannot get one within its 1 s deadline, so it is told at once when to come back
    with Guard(backend, timeout=1, thread_lifetime=30, thread_budget=2) as busy:
        ask = "/query?query=ASK%7B%7D"
        first, second = send(busy, "GET", ask), send(busy, "GET", ask)
        conn = http.client.HTTPConnection("127.0.0.1", busy.port, timeout=20)
        started = time.monotonic()
        try:
            conn.request("GET", ask)
            answer = conn.getresponse()
            third = (answer.status, answer.getheader("Retry-After"), answer.read().decode())
        finally:
            conn.close()
        waited = time.monotonic() - started
    assert [first[0], second[0]] == [200, 200]
    assert third == (503, "30", "busy: too many recent queries; retry in 30 s\n")
    assert waited < 0.9


def test_a_place_in_the_budget_comes_back_when_its_window_ends(backend: OxigraphServer) -> None:
    with Guard(backend, timeout=5, thread_lifetime=0.5, thread_budget=1) as tight:
        ask = "/query?query=ASK%7B%7D"
        started = time.monotonic()
        statuses = [send(tight, "GET", ask)[0] for _ in range(3)]
        waited = time.monotonic() - started
    assert statuses == [200, 200, 200]
    assert 0.9 < waited < 4  # the second and third each waited for the window before


class Silent:
    """A backend that takes connections and never answers (a query that runs on)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]


def test_a_query_past_its_deadline_gets_504_not_a_hang() -> None:
    silent = Silent()
    try:
        with Guard(silent, timeout=0.5) as front:  # type: ignore[arg-type]
            started = time.monotonic()
            status, body = send(front, "GET", "/query?query=ASK%7B%7D")
            waited = time.monotonic() - started
    finally:
        silent.sock.close()
    assert (status, body) == (504, "the query gave no answer within 0.5 s\n")
    assert waited < 5


def test_a_backend_that_is_gone_is_a_502_with_its_reason() -> None:
    silent = Silent()
    silent.sock.close()  # nothing listens there now
    with Guard(silent, timeout=5) as front:  # type: ignore[arg-type]
        status, body = send(front, "GET", "/query?query=ASK%7B%7D")
    assert (status, body) == (
        502,
        "the Oxigraph server behind this one did not answer: [Errno 111] Connection refused\n",
    )
