"""`nkkg load`: Graph Store uploads to a real Oxigraph server and to scripted local servers.

Every server here listens on 127.0.0.1 on a free port and is stopped by its
fixture, also when a test fails. The scripted servers (`FakeGraphStore`) keep
the graph in a pyoxigraph store, so they answer the count query truthfully,
and fail the first uploads as a test tells them to.
"""

from __future__ import annotations

import base64
import io
import re
import socket
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import serving
from rdflib import Graph
from rich.console import Console
from rich.progress import Progress

from kg.errors import NkkgError
from kg.pipeline import Project, build, default_project
from kg.sparql import default_cases, run_query
from kg.store.graphstore import (
    count_graph_triples,
    load_graph,
    query_endpoint_for,
    target_url,
)
from kg.store.http import RemoteError, RetryPolicy, select
from kg.store.oxigraph import HOST, OxigraphServer
from tests.support.queries import packaged_query

TRIPLES = len(default_project().graph)  # what nkkg build writes for the packaged data

FAST = RetryPolicy(attempts=3, backoff=0.01, max_wait=5.0, timeout=10.0)

SMALL = """\
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b .
ex:a ex:q "one" .
ex:b ex:p ex:c .
"""
OTHER = """\
<http://example.org/x> <http://example.org/p> <http://example.org/y> .
<http://example.org/y> <http://example.org/p> "two"@en .
"""


@pytest.fixture(scope="module")
def oxigraph_server() -> Iterator[OxigraphServer]:
    with OxigraphServer() as server:
        yield server


@pytest.fixture
def oxigraph(oxigraph_server: OxigraphServer) -> OxigraphServer:
    """The module's Oxigraph server, emptied first: as good as a new one, without the start-up."""
    update = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    urllib.request.urlopen(oxigraph_server.update_url, update, timeout=10).close()
    assert everything(oxigraph_server) == set()
    return oxigraph_server


@pytest.fixture(scope="module")
def built_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(out=tmp_path_factory.mktemp("built") / "nkkg.ttl").path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture
def other(tmp_path: Path) -> Path:
    path = tmp_path / "other.nt"
    path.write_text(OTHER, encoding="utf-8")
    return path


def count(server: OxigraphServer, graph_iri: str | None = None) -> int:
    return count_graph_triples(server.query_url, graph_iri, FAST)


# --- against a real Oxigraph server -------------------------------------------------------


def test_the_built_graph_arrives_whole(oxigraph: OxigraphServer, graph: Graph) -> None:
    result = load_graph(oxigraph.store_url, default_project(), policy=FAST)
    assert (result.sent, result.found, result.graph, result.replace) == (
        TRIPLES,
        TRIPLES,
        None,
        True,
    )
    stored = select(oxigraph.query_url, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", FAST)
    assert set(stored.rows) == set(graph)  # no blank nodes in the graph: terms compare as-is


def test_cli_prints_one_summary_line(oxigraph: OxigraphServer, run_nkkg) -> None:
    result = run_nkkg("load", "--store", oxigraph.store_url)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        rf"sent {TRIPLES} triples, found {TRIPLES} in the default graph at {oxigraph.store_url} "
        r"\(replace, \d+\.\d\d s\)\n",
        result.stdout,
    )
    assert result.stderr == ""


def test_every_saved_query_answers_as_in_process_after_load(
    oxigraph: OxigraphServer, run_nkkg
) -> None:
    loaded = run_nkkg("load", "--store", oxigraph.store_url)
    assert loaded.returncode == 0, loaded.stderr
    cases = default_cases()
    assert len(cases) == 18  # every saved query but the federated one (needs Wikidata)
    for query, params in cases:
        remote = run_query(query.name, params, endpoint=oxigraph.query_url)
        assert remote == packaged_query(query.name, params), query.name
        assert remote.rows, query.name
    for year in ("1952", "1960", "2004"):
        params = {"year": year}
        remote = run_query("first-level-in-year", params, endpoint=oxigraph.query_url)
        assert remote == packaged_query("first-level-in-year", params)
    # and through the command line, as a user runs it
    cli = run_nkkg("query", "status-history", "--param", "city=chongjin", "--format", "csv",
                   "--endpoint", oxigraph.query_url)  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    local = run_nkkg("query", "status-history", "--param", "city=chongjin", "--format", "csv")
    assert cli.stdout == local.stdout
    assert cli.stdout.count("\n") == 6  # header and Chongjin's five periods


def test_replace_twice_leaves_the_same_count(
    oxigraph: OxigraphServer, built_ttl: Path, graph: Graph
) -> None:
    first = load_graph(oxigraph.store_url, built_ttl, policy=FAST)
    second = load_graph(oxigraph.store_url, built_ttl, policy=FAST)
    assert (first.found, second.found, count(oxigraph)) == (TRIPLES, TRIPLES, TRIPLES)


def test_replace_drops_what_was_there(
    oxigraph: OxigraphServer, built_ttl: Path, small: Path
) -> None:
    load_graph(oxigraph.store_url, built_ttl, policy=FAST)
    result = load_graph(oxigraph.store_url, small, policy=FAST)
    assert (result.sent, result.found) == (3, 3)


def test_append_adds(oxigraph: OxigraphServer, small: Path, other: Path, run_nkkg) -> None:
    g = "https://example.org/graph/append"
    load_graph(oxigraph.store_url, small, graph_iri=g, policy=FAST)
    result = run_nkkg(
        "load", "--store", oxigraph.store_url, "--graph-iri", g, "--append", str(other)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"sent 2 triples, found 5 in graph <{g}> at ")
    assert "(append, " in result.stdout
    # the same triples again: a graph is a set, so nothing changes and the check still passes
    again = load_graph(oxigraph.store_url, other, graph_iri=g, replace=False, policy=FAST)
    assert (again.sent, again.found) == (2, 5)


def test_graph_isolates_two_graphs(
    oxigraph: OxigraphServer, built_ttl: Path, small: Path, other: Path, graph: Graph
) -> None:
    one, two = "https://example.org/graph/one", "urn:nkkg:test:two"
    load_graph(oxigraph.store_url, built_ttl, graph_iri=one, policy=FAST)
    load_graph(oxigraph.store_url, small, graph_iri=two, policy=FAST)
    assert (count(oxigraph, one), count(oxigraph, two), count(oxigraph)) == (TRIPLES, 3, 0)
    load_graph(oxigraph.store_url, other, graph_iri=two, policy=FAST)
    assert (count(oxigraph, one), count(oxigraph, two), count(oxigraph)) == (TRIPLES, 2, 0)


def test_cli_default_flag_targets_the_default_graph(
    oxigraph: OxigraphServer, small: Path, run_nkkg
) -> None:
    result = run_nkkg("load", "--store", oxigraph.store_url, "--default", str(small))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sent 3 triples, found 3 in the default graph at ")


def test_a_duplicated_line_loads_and_passes(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    # the same statement twice: the count check uses the distinct count, as the store does
    path = tmp_path / "twice.nt"
    path.write_text("<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n" * 2)
    result = load_graph(oxigraph.store_url, path, policy=FAST)
    assert (result.sent, result.found, count(oxigraph)) == (1, 1, 1)


def test_large_file_streams_with_progress(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    path = tmp_path / "large.nt"
    with path.open("w", encoding="utf-8") as out:
        for i in range(12_000):
            out.write(f'<http://example.org/s{i}> <http://example.org/p> "{"x" * 60} {i}" .\n')
    size = path.stat().st_size
    assert size > 1 << 20
    progress = Progress(console=Console(file=io.StringIO(), force_terminal=True))
    with progress:
        result = load_graph(oxigraph.store_url, path, progress=progress, policy=FAST)
    assert (result.sent, result.found, result.size) == (12_000, 12_000, size)
    tasks = {t.description: (t.completed, t.total) for t in progress.tasks}
    assert tasks == {"counting triples": (size, size), "uploading": (size, size)}


# --- input errors: one line, nothing sent ------------------------------------------------


def test_bad_input_is_one_line(run_nkkg, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('<http://example.org/a> <http://example.org/p> "open .\n')
    trig = tmp_path / "g.trig"
    trig.write_text("")
    url = "http://127.0.0.1:9/store"  # nothing is sent to it: every case fails before
    cases = {
        ("--graph-iri", "nkkg-graph"): "invalid graph IRI 'nkkg-graph': expected an absolute IRI "
        "such as https://example.org/graph/nkkg (No scheme found in an absolute IRI)",
        ("--graph-iri", "http://a b"): "invalid graph IRI 'http://a b': expected an absolute IRI "
        "such as https://example.org/graph/nkkg (Invalid IRI code point ' ')",
        (str(tmp_path / "missing.ttl"),): f"{tmp_path / 'missing.ttl'}: no such file",
        (str(bad),): f"{bad}: Parser error between line 1 column 47 and line 2 column 1: "
        "Unexpected end of file (line 1)",
        (str(trig),): f"{trig}: cannot load this file type (known: .ttl, .nt, .jsonld, .rdf, "
        ".xml, .owl): TriG and N-Quads hold several graphs, and the Graph Store Protocol loads one",
    }
    for args, message in cases.items():
        result = run_nkkg("load", "--store", url, *args)
        assert (result.returncode, result.stdout, result.stderr) == (
            2,
            "",
            f"nkkg: error: {message}\n",
        ), args


def test_endpoint_errors_are_one_line(run_nkkg) -> None:
    cases = {
        ("--store", "ftp://example.org/store"): "invalid endpoint URL "
        "'ftp://example.org/store': expected http://host[:port]/path",
        ("--store", "http://127.0.0.1:9/data"): "cannot tell the SPARQL query endpoint for "
        "http://127.0.0.1:9/data: give it with --query-endpoint URL",
    }
    for args, message in cases.items():
        result = run_nkkg("load", *args)
        assert (result.returncode, result.stderr) == (2, f"nkkg: error: {message}\n"), args


def test_conflicting_options_are_usage_errors(run_nkkg, small: Path) -> None:
    url = "http://127.0.0.1:9/store"
    cases = {
        ("--graph-iri", "urn:x", "--default"): "--graph-iri and --default exclude each other",
        (
            "--data",
            "kg/data",
            str(small),
        ): "--data, --base and --no-validate apply to the built graph, not to FILE",
    }
    for args, message in cases.items():
        result = run_nkkg("load", "--store", url, *args)
        assert (result.returncode, result.stderr) == (2, f"nkkg: error: {message}\n"), args


def test_credentials_in_the_url_are_refused_unprinted(run_nkkg) -> None:
    result = run_nkkg("load", "--store", "http://alice:hunter2@127.0.0.1:9/store")
    assert result.returncode == 2
    assert result.stderr == (
        "nkkg: error: credentials in the endpoint URL are not accepted: set NKKG_ENDPOINT_USER "
        "and NKKG_ENDPOINT_PASSWORD or use ~/.netrc (endpoint 127.0.0.1)\n"
    )
    assert "hunter2" not in result.stdout + result.stderr


def test_endpoint_url_shapes() -> None:
    assert query_endpoint_for("http://127.0.0.1:7878/store") == "http://127.0.0.1:7878/query"
    assert query_endpoint_for("https://kg.example.org/ox/store/") == (
        "https://kg.example.org/ox/query"
    )
    assert target_url("http://h/store", None) == "http://h/store?default"
    assert target_url("http://h/ds/data", "https://example.org/g?a=1&b") == (
        "http://h/ds/data?graph=https%3A%2F%2Fexample.org%2Fg%3Fa%3D1%26b"
    )
    assert (
        target_url("http://h/?access-token=t", "urn:g") == "http://h/?access-token=t&graph=urn%3Ag"
    )
    with pytest.raises(NkkgError):
        query_endpoint_for("http://h/repositories/nkkg/statements")


# --- scripted servers: transient failures, silence, credentials -------------------------


class FakeGraphStore:
    """A Graph Store + SPARQL query server on 127.0.0.1 backed by a pyoxigraph Store.

    `failures` are (status, headers, body) answered to the first uploads, in order.
    Every request is recorded as (method, path, Authorization header or None).
    """

    def __init__(self, failures: list[tuple[int, dict[str, str], bytes]] | None = None) -> None:
        self.failures = list(failures or [])
        self.requests: list[tuple[str, str, str | None]] = []
        self.store = ox.Store()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def _answer(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _record(self) -> bytes:
                fake.requests.append((self.command, self.path, self.headers["Authorization"]))
                return self.rfile.read(int(self.headers.get("Content-Length", "0")))

            def do_PUT(self) -> None:
                self._upload(replace=True)

            def do_POST(self) -> None:
                body = self._record()
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/query":
                    query = urllib.parse.parse_qs(body.decode())["query"][0]
                    results = fake.store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
                    self._answer(200, results, {"Content-Type": "application/sparql-results+json"})
                elif url.path == "/update":
                    fake.store.update(urllib.parse.parse_qs(body.decode())["update"][0])
                    self._answer(204)
                else:
                    self._upload(replace=False, body=body)

            def _upload(self, replace: bool, body: bytes | None = None) -> None:
                if body is None:
                    body = self._record()
                if fake.failures:
                    status, headers, message = fake.failures.pop(0)
                    self._answer(status, message, headers)
                    return
                params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, True)
                graph = ox.NamedNode(params["graph"][0]) if "graph" in params else ox.DefaultGraph()
                if replace:
                    fake.store.clear_graph(graph)
                media = self.headers["Content-Type"]
                fake.store.load(body, format=ox.RdfFormat.from_media_type(media), to_graph=graph)
                self._answer(204)

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self._serving = serving(self.server)

    @property
    def store_url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/store"

    def __enter__(self) -> FakeGraphStore:
        self._serving.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._serving.__exit__(None, None, None)


STAGING = r"\?graph=urn%3Ankkg%3Astaging%3A[0-9a-f-]{36}"


def paths(fake: FakeGraphStore) -> list[str]:
    """The requests as METHOD /path, staging graph names masked."""
    return [
        f"{method} {re.sub(STAGING, '?graph=STAGING', path)}"
        for method, path, _auth in fake.requests
    ]


STAGED = ["PUT /store?graph=STAGING", "POST /query", "POST /update", "POST /query"]


def test_a_503_once_is_retried(small: Path) -> None:
    sleeps: list[float] = []
    with FakeGraphStore([(503, {}, b"disk busy")]) as fake:
        result = load_graph(fake.store_url, small, policy=FAST, sleep=sleeps.append)
    assert (result.sent, result.found) == (3, 3)
    assert paths(fake) == ["PUT /store?graph=STAGING", *STAGED]  # failed upload, then staged
    assert sleeps == [FAST.backoff]


def test_a_500_is_final_and_its_html_reason_shown_whole(small: Path, run_nkkg) -> None:
    page = (
        b"<html><head><title>Error</title><style>p {color: red}</style></head><body>\n"
        b"<h1>500</h1><p>Virtuoso 22023 Error SR601: unsupported media type\n"
        + b"x" * 400
        + b" end</p></body></html>"
    )
    with FakeGraphStore([(500, {"Content-Type": "text/html"}, page)]) as fake:
        result = run_nkkg("load", "--store", fake.store_url, str(small))
    assert paths(fake) == ["PUT /store?graph=STAGING", "POST /update"]  # no retry; staging dropped
    assert not bool(fake.store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))
    assert (result.returncode, result.stdout) == (1, "")
    assert re.fullmatch(
        rf"nkkg: error: {re.escape(fake.store_url)}{STAGING}: HTTP 500 Internal Server Error: "
        rf"Error 500 Virtuoso 22023 Error SR601: unsupported media type x{{400}} end\n",
        result.stderr,
    )


def test_a_429_with_retry_after_is_honoured(small: Path) -> None:
    sleeps: list[float] = []
    with FakeGraphStore([(429, {"Retry-After": "2"}, b"slow down")]) as fake:
        result = load_graph(fake.store_url, small, policy=FAST, sleep=sleeps.append)
    assert (result.sent, result.found) == (3, 3)
    assert paths(fake) == ["PUT /store?graph=STAGING", *STAGED]
    assert sleeps == [2.0]


def test_a_lasting_failure_names_url_status_and_message(small: Path, run_nkkg) -> None:
    with FakeGraphStore([(503, {}, b"store is read-only\n")] * 2) as fake:
        result = run_nkkg("load", "--store", fake.store_url, "--attempts", "2", str(small))
    assert paths(fake) == ["PUT /store?graph=STAGING"] * 2 + ["POST /update"]
    assert (result.returncode, result.stdout) == (1, "")
    assert re.fullmatch(
        rf"nkkg: error: {re.escape(fake.store_url)}{STAGING}: HTTP 503 Service Unavailable: "
        r"store is read-only \(gave up after 2 attempts\)\n",
        result.stderr,
    )


def test_a_client_error_is_not_retried(small: Path) -> None:
    body = b'{"error": {"message": "unsupported media type"}}'
    fake = FakeGraphStore([(415, {"Content-Type": "application/json"}, body)])
    with fake, pytest.raises(RemoteError) as caught:
        load_graph(fake.store_url, small, policy=FAST)
    assert paths(fake) == ["PUT /store?graph=STAGING", "POST /update"]
    assert re.fullmatch(
        rf"{re.escape(fake.store_url)}{STAGING}: HTTP 415 Unsupported Media Type: "
        "unsupported media type",
        str(caught.value),
    )


def test_a_server_that_never_answers_fails_without_retrying(
    silent_server: tuple[str, list[socket.socket]], small: Path, run_nkkg
) -> None:
    base, accepted = silent_server
    url = f"{base}/store"
    started = time.monotonic()
    result = run_nkkg("load", "--store", url, "--timeout", "0.5", "--attempts", "2", str(small))
    elapsed = time.monotonic() - started
    assert (result.returncode, result.stdout) == (1, "")
    update = re.escape(url.replace("/store", "/update"))
    assert re.fullmatch(rf"nkkg: error: {re.escape(url)}{STAGING}: no answer within 0.5 s; "
                        r"the staging graph <urn:nkkg:staging:[0-9a-f-]{36}> may be left behind "
                        rf"\({update}: no answer within 0.5 s\); the default graph is unchanged\n",
                        result.stderr)  # fmt: skip
    assert len(accepted) == 2  # the upload, not retried, and the staging graph's drop
    assert elapsed < 5


def test_credentials_from_the_environment_are_sent_and_never_shown(
    small: Path, run_nkkg, tmp_path: Path
) -> None:
    user, password = "nkkg-loader", "s3cret-Pa55:word"
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "NKKG_ENDPOINT_USER": user,
        "NKKG_ENDPOINT_PASSWORD": password,
    }
    with FakeGraphStore() as fake:
        ok = run_nkkg("load", "--store", fake.store_url, str(small), env=env)
        auths = {auth for _method, _path, auth in fake.requests}
    assert ok.returncode == 0, ok.stderr
    assert auths == {f"Basic {token}"}  # the upload and the count query both carry it
    with FakeGraphStore([(503, {}, b"boom")] * 2) as fake:
        failed = run_nkkg("load", "--store", fake.store_url, "--attempts", "2", str(small), env=env)
    assert failed.returncode == 1
    for output in (ok.stdout, ok.stderr, failed.stdout, failed.stderr):
        assert password not in output
        assert token not in output


def test_credentials_from_netrc_are_sent(small: Path, run_nkkg, tmp_path: Path) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine {HOST} login netrc-user password netrc-pass\n")
    netrc.chmod(0o600)
    token = base64.b64encode(b"netrc-user:netrc-pass").decode()
    with FakeGraphStore() as fake:
        result = run_nkkg(
            "load", "--store", fake.store_url, str(small), env={"HOME": str(tmp_path)}
        )
        auths = {auth for _method, _path, auth in fake.requests}
    assert result.returncode == 0, result.stderr
    assert auths == {f"Basic {token}"}
    assert "netrc-pass" not in result.stdout + result.stderr


# --- validation before anything is sent ---------------------------------------------------


def overlapping_periods(data_copy: Path) -> Path:
    """Nampo's first period made to end in 2006, inside its 2004-2010 period: one violation."""
    cities = data_copy / "cities.yaml"
    text = cities.read_text(encoding="utf-8")
    old = "{kind: DirectlyGovernedCity, start: 1980, end: 2004, source: wp-nampo}"
    assert old in text
    cities.write_text(text.replace(old, old.replace("end: 2004", "end: 2006")), encoding="utf-8")
    return data_copy


def test_load_refuses_invalid_data_as_build_does_and_sends_nothing(
    run_nkkg, data_copy: Path, tmp_path: Path
) -> None:
    bad = overlapping_periods(data_copy)
    built = run_nkkg("build", "--data", str(bad), "--out", str(tmp_path / "g.ttl"))
    assert built.returncode == 1
    assert built.stderr.startswith("nkkg: error: the graph has 1 SHACL violation, not written: ")
    with FakeGraphStore() as fake:
        refused = run_nkkg("load", "--store", fake.store_url, "--data", str(bad))
        assert fake.requests == []
        assert (refused.returncode, refused.stdout, refused.stderr) == (1, "", built.stderr)
        sent = run_nkkg("load", "--store", fake.store_url, "--data", str(bad), "--no-validate")
        assert sent.returncode == 0, sent.stderr
        assert paths(fake) == STAGED
    assert sent.stdout.startswith(f"sent {len(Project(bad, validate=False).graph)} triples, ")


# --- a failed load leaves the target graph as it was ----------------------------------------


class Proxy:
    """Forwards to a real Oxigraph server; an upload (PUT) is refused, or loses one triple."""

    def __init__(self, backend: OxigraphServer, mode: str) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.command == "PUT" and mode == "refuse":
                    page = b"<html><body><h1>403</h1><p>uploads are disabled</p></body></html>"
                    self.send_response(403)
                    self.send_header("Content-Length", str(len(page)))
                    self.end_headers()
                    self.wfile.write(page)
                    return
                if self.command == "PUT":  # mode "drop-one": the store keeps all but one
                    media = self.headers["Content-Type"]
                    triples = list(ox.parse(body, format=ox.RdfFormat.from_media_type(media)))
                    body = ox.serialize(triples[1:], format=ox.RdfFormat.N_TRIPLES) or b""
                    media = "application/n-triples"
                else:
                    media = self.headers["Content-Type"]
                request = urllib.request.Request(
                    backend.url + self.path, body, {"Content-Type": media}, method=self.command
                )
                with urllib.request.urlopen(request, timeout=10) as answer:
                    data, status = answer.read(), answer.status
                    kind = answer.headers.get("Content-Type", "text/plain")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_PUT = do_POST = _forward

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self._serving = serving(self.server)

    @property
    def store_url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/store"

    def __enter__(self) -> Proxy:
        self._serving.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._serving.__exit__(None, None, None)


def everything(server: OxigraphServer) -> set[tuple[object, ...]]:
    """Every quad in the store, graph name included (None: the default graph)."""
    query = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    return set(select(server.query_url, query, FAST).rows)


@pytest.mark.parametrize("case", ["empty", "syntax", "count", "refused"])
def test_a_failed_load_leaves_the_graph_as_it_was(
    oxigraph: OxigraphServer, small: Path, tmp_path: Path, run_nkkg, case: str
) -> None:
    load_graph(oxigraph.store_url, small, policy=FAST)  # G: the default graph, 3 triples
    before = everything(oxigraph)
    assert len(before) == 3
    path = tmp_path / "new.nt"
    path.write_text({"empty": "# nothing here\n", "syntax": "<http://example.org/a> <p> .\n"}
                    .get(case, OTHER))  # fmt: skip
    with Proxy(oxigraph, "refuse" if case == "refused" else "drop-one") as proxy:
        result = run_nkkg("load", "--store", proxy.store_url, str(path))
    assert everything(oxigraph) == before  # G unchanged, no staging graph left behind
    url = re.escape(proxy.store_url)
    expected = {
        "empty": (2, rf"{re.escape(str(path))}: the file holds no triples; nothing sent "
                     r"\(--allow-empty loads it anyway\)"),
        "syntax": (2, rf"{re.escape(str(path))}: .*"),
        "count": (1, rf"count check failed: sent 2 triples to {url}, but the staging graph "
                     r"<urn:nkkg:staging:[0-9a-f-]{36}> holds 1; the default graph is unchanged"),
        "refused": (1, rf"{url}{STAGING}: HTTP 403 Forbidden: 403 uploads are disabled"),
    }[case]  # fmt: skip
    assert (result.returncode, result.stdout) == (expected[0], "")
    assert re.fullmatch(rf"nkkg: error: {expected[1]}\n", result.stderr), result.stderr


def test_allow_empty_empties_the_graph(
    oxigraph: OxigraphServer, small: Path, tmp_path: Path
) -> None:
    load_graph(oxigraph.store_url, small, policy=FAST)
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix ex: <http://example.org/> .\n")
    result = load_graph(oxigraph.store_url, empty, policy=FAST, allow_empty=True)
    assert (result.sent, result.found, everything(oxigraph)) == (0, 0, set())


def test_without_an_update_endpoint_the_replace_needs_no_staging(small: Path, run_nkkg) -> None:
    with FakeGraphStore() as fake:
        store = fake.store_url.replace("/store", "/ds/data")
        query = fake.store_url.replace("/store", "/query")
        refused = run_nkkg("load", "--store", store, "--query-endpoint", query, str(small))
        assert fake.requests == []
        direct = run_nkkg("load", "--store", store, "--query-endpoint", query, "--no-staging",
                          str(small))  # fmt: skip
        assert paths(fake) == ["PUT /ds/data?default", "POST /query"]
        fake.requests.clear()
        update = fake.store_url.replace("/store", "/update")
        staged = run_nkkg("load", "--store", store, "--query-endpoint", query,
                          "--update-endpoint", update, str(small))  # fmt: skip
        assert paths(fake) == ["PUT /ds/data?graph=STAGING", "POST /query", "POST /update",
                               "POST /query"]  # fmt: skip
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"nkkg: error: cannot tell the SPARQL update endpoint for {store}, needed to replace "
        "the graph atomically: give it with --update-endpoint URL, or pass --no-staging to "
        "replace it with one PUT, which is not atomic (a failed upload can leave the graph "
        "empty or partly loaded)\n"
    )
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.startswith(f"sent 3 triples, found 3 in the default graph at {store} ")
    assert staged.returncode == 0, staged.stderr


@pytest.mark.parametrize(
    ("triples", "seconds"),
    [(0, 60.0), (10, 60.0), (250_000, 60.0), (250_001, 120.0), (873_781, 240.0)],
)
def test_a_loads_deadline_grows_with_the_graph(triples: int, seconds: float) -> None:
    import dataclasses

    from kg.store.policy import LOAD_POLICY, for_triples

    assert for_triples(LOAD_POLICY, triples).timeout == seconds
    short = dataclasses.replace(LOAD_POLICY, timeout=5.0)
    assert for_triples(short, triples).timeout == seconds / 12
