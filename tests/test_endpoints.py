"""Clients for other stores: what nkkg asks for, and answers in an unexpected shape."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import serving

from kg.store.http import server_reason
from kg.store.oxigraph import HOST


class Scripted:
    """An endpoint answering every request with one (status, Content-Type, body)."""

    def __init__(self, status: int, media: str, body: bytes) -> None:
        self.accept: list[str | None] = []
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                scripted.accept.append(self.headers["Accept"])
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.server.server_address[1]}/sparql"


@pytest.fixture
def scripted() -> Iterator[type[Scripted]]:
    with ExitStack() as stack:

        def start(status: int, media: str, body: bytes) -> Scripted:
            server = Scripted(status, media, body)
            stack.enter_context(serving(server.server))
            return server

        yield start  # type: ignore[misc]


ANSWERS = {
    "plain JSON list": (200, "application/json", b'[{"city": "Rason"}]',
                        "the answer is not SPARQL JSON results (application/json): a JSON list "
                        "without head and results.bindings"),
    "HTML page": (200, "text/html; charset=utf-8",
                  b"<html><body><h1>Query UI</h1><p>Welcome</p></body></html>",
                  "the answer is not SPARQL JSON results (text/html): Query UI Welcome"),
    "empty": (200, "application/sparql-results+json", b"",
              "the answer is not SPARQL JSON results (application/sparql-results+json): empty"),
    "Virtuoso 500": (500, "text/html",
                     b"<html><title>500</title><body><p>Virtuoso 22023 Error SR601:\n"
                     b"Unsupported media type</p></body></html>",
                     "HTTP 500 Internal Server Error: 500 Virtuoso 22023 Error SR601: "
                     "Unsupported media type"),
}  # fmt: skip


@pytest.mark.parametrize("case", ANSWERS)
def test_an_answer_in_another_shape_is_one_line(run_nkkg, scripted, case: str) -> None:
    status, media, body, message = ANSWERS[case]
    server = scripted(status, media, body)
    result = run_nkkg("query", "hierarchy", "--endpoint", server.url)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"nkkg: error: {server.url}: {message}\n"
    assert server.accept == ["application/sparql-results+json"]  # once: nothing is retried


def test_server_reasons_come_out_whole_on_one_line() -> None:
    long = "x" * 1000
    assert server_reason(f"  plain\n  text {long}\n".encode()) == f"plain text {long}"
    assert server_reason(b'{"message": "no such graph"}') == "no such graph"
    assert server_reason(b'{"error": {"detail": "quota"}}') == "quota"
    assert server_reason(b'["not", "an", "error"]') == '["not", "an", "error"]'
    page = b"<html><script>var x = 1;</script><b>bad</b>\n<i>request</i></html>"
    assert server_reason(page) == "bad request"


def test_an_answer_sent_a_trickle_at_a_time_stops_at_the_limit(run_nkkg) -> None:
    class Trickle(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            try:
                for _ in range(100):  # a byte every 0.1 s: each read is quick, the whole is not
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass

    server = ThreadingHTTPServer((HOST, 0), Trickle)
    url = f"http://{HOST}:{server.server_address[1]}/sparql"
    with serving(server):
        started = time.monotonic()
        result = run_nkkg("query", "hierarchy", "--endpoint", url, "--timeout", "1")
        elapsed = time.monotonic() - started
    assert (result.returncode, result.stderr) == (1, f"nkkg: error: {url}: no answer within 1 s\n")
    assert elapsed < 3
