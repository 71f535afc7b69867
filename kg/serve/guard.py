"""The front door of `nkkg serve`: an HTTP proxy on 127.0.0.1 before the Oxigraph server.

Oxigraph's own server has no switch for either of two things a local endpoint
must refuse, so `nkkg serve` puts this small proxy on the user's port and runs
Oxigraph on a private one behind it:

- SERVICE. A query with a SERVICE clause makes the server fetch any URL it
  names. A web page the user visits can send such a query with a plain form
  POST, which turns the endpoint into a tool for reaching the user's network.
  Refused unless the server was started with `allow_service`.
- Browser requests from other sites. Any request that is not GET or HEAD and
  carries an `Origin` other than this server's (or `Sec-Fetch-Site:
  cross-site`/`same-site`) is refused; that is what a form on another page
  sends, and with `--writable` it could run `DROP ALL`. Clients that are not
  browsers send no Origin and are not affected. A `Host` other than
  127.0.0.1:PORT or localhost:PORT is refused too (DNS rebinding).

It also keeps Oxigraph alive under load. Oxigraph 0.5 starts one thread per
query that sleeps for the server's whole `--timeout-s` (oxigraph/oxigraph
issue 1874), so a few hundred queries a second for a minute exhaust the
machine's thread mappings and the server aborts (measured here: 5,744
sleeping threads after 3 s of 20 clients; an abort after about 15,000). The
guard lets at most THREAD_BUDGET queries be in their timeout window at once;
a query beyond it waits for the oldest window to end, within its own deadline.

Everything else is forwarded as it came and the answer streamed back, so the
endpoint behaves as Oxigraph's own: /query, /update, /store and the query page.
Refusals are `403 Forbidden` with a one-line text/plain reason.
"""

from __future__ import annotations

import http.client
import math
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kg.errors import NkkgError
from kg.sparql.saved import uses_service
from kg.store.oxigraph import HOST, LocalServer, OxigraphServer

MAX_QUERY_BYTES = 16 * 1024 * 1024
"""The largest query or update body read for inspection (uploads to /store are streamed)."""

THREAD_BUDGET = 4096
"""Queries whose Oxigraph timeout thread may sleep at once: below macOS's per-process thread
limit and a quarter of Linux's default 65,530 memory maps (each thread takes about 4)."""

SLOT_WAIT = 10.0
"""Seconds a query waits for a place in the budget before a 503 with Retry-After."""

_CHUNK = 64 * 1024
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_FOREIGN_FETCH = {"cross-site", "same-site"}


class Refused(Exception):
    """A request the proxy answers itself, with this status and one-line reason."""

    def __init__(self, status: int, reason: str, retry_after: int | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.retry_after = retry_after


class Guard(LocalServer):
    """The proxy in front of `backend`; a context manager, like OxigraphServer.

    `port` is the public port (a free one if None). `timeout` bounds each read
    from the backend, which enforces its own per-query limit.
    """

    def __init__(
        self,
        backend: OxigraphServer,
        port: int | None = None,
        *,
        allow_service: bool = False,
        timeout: float = 60.0,
        thread_lifetime: float | None = None,
        thread_budget: int = THREAD_BUDGET,
    ) -> None:
        self.backend = backend
        self.budget = _ThreadBudget(thread_budget, thread_lifetime)
        self.allow_service = allow_service
        self.timeout = timeout
        try:
            self._front = _Front((HOST, port or 0), _Handler)
        except OSError as err:
            raise NkkgError(f"port {port} on {HOST} is in use ({err.strerror})") from None
        self._front.guard = self
        self.port: int = self._front.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def location(self) -> Path:
        return self.backend.location

    def origins(self) -> set[str]:
        """This server's own origins, as a browser names them in `Origin`."""
        return {f"http://{host}:{self.port}" for host in (HOST, "localhost")}

    def start(self) -> Guard:
        self._thread = threading.Thread(
            target=self._front.serve_forever, name="nkkg-serve-guard", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._front.shutdown()
            self._thread.join(10)
            self._thread = None
        self._front.server_close()

    def check_headers(self, method: str, host: str | None, origin: str | None, fetch: str) -> None:
        """Refuse another Host (DNS rebinding) and browser writes from another origin."""
        hosts = {o.removeprefix("http://") for o in self.origins()}
        if host not in hosts:
            raise Refused(
                403,
                f"this server answers for {HOST}:{self.port} or localhost:{self.port} only, "
                f"not {host}",
            )
        if method in _SAFE_METHODS:
            return
        if (origin is not None and origin not in self.origins()) or fetch in _FOREIGN_FETCH:
            raise Refused(
                403,
                f"a cross-origin {method} is refused (Origin {origin or 'unknown'}): "
                "a page on another site cannot query or change this server",
            )

    def check_sparql(self, texts: list[str]) -> None:
        """Refuse a query or update that calls another endpoint, unless SERVICE is allowed."""
        if self.allow_service:
            return
        if any(uses_service(text) for text in texts):
            raise Refused(
                403,
                "SERVICE is refused: this server does not send requests to other endpoints "
                "(nkkg serve --allow-service allows it)",
            )


class _ThreadBudget:
    """At most `size` requests within `lifetime` seconds of each other's start, or none if None."""

    def __init__(self, size: int, lifetime: float | None) -> None:
        self.size = size
        self.lifetime = lifetime
        self._starts: deque[float] = deque()
        self._lock = threading.Lock()

    def take(self, deadline: float) -> float | None:
        """Take a place, waiting for one until `deadline`; None, or the seconds still to wait.

        A wait that would end past the deadline is not begun: the answer comes at once.
        """
        if self.lifetime is None:
            return None
        while True:
            with self._lock:
                now = time.monotonic()
                while self._starts and self._starts[0] + self.lifetime <= now:
                    self._starts.popleft()
                if len(self._starts) < self.size:
                    self._starts.append(now)
                    return None
                wait = self._starts[0] + self.lifetime - now
            if now + wait > deadline:
                return wait
            time.sleep(wait)


class _Front(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    guard: Guard

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer is no error of ours; say nothing."""


class _Handler(BaseHTTPRequestHandler):
    server: _Front
    protocol_version = "HTTP/1.0"  # one request per connection: no framing to re-do
    timeout = 60  # each read from a client: a stalled one frees its thread

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: `nkkg serve` prints its own lines, not one per request."""

    def do_GET(self) -> None:
        self._forward()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_QUERY = do_GET

    def _forward(self) -> None:
        guard = self.server.guard
        self._incoming: Iterator[bytes] = iter(())  # the request body, as it is read
        try:
            guard.check_headers(
                self.command,
                self.headers.get("Host"),
                self.headers.get("Origin"),
                self.headers.get("Sec-Fetch-Site", "").lower(),
            )
            body = self._body()
            if not self.path.startswith("/store"):
                assert not isinstance(body, Iterator)
                guard.check_sparql(self._sparql_texts(body))
            wait = guard.budget.take(time.monotonic() + min(guard.timeout, SLOT_WAIT))
            if wait is not None:
                seconds = math.ceil(wait)
                raise Refused(503, f"busy: too many recent queries; retry in {seconds} s", seconds)
        except Refused as refused:
            self._drain()
            self._answer(refused.status, str(refused), refused.retry_after)
            return
        self._answered = False
        try:
            self._relay(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client left, or the server did mid-answer: nothing more can be said
        except TimeoutError:
            if not self._answered:
                self._answer(504, f"the query gave no answer within {guard.timeout:g} s")
        except OSError as err:
            if not self._answered:
                self._answer(502, f"the Oxigraph server behind this one did not answer: {err}")

    def _body(self) -> bytes | Iterator[bytes]:
        self._incoming = self._chunks() if self._chunked() else self._stream(self._length())
        if self.path.startswith("/store"):
            return self._incoming  # graph data, never a query: streamed, not inspected
        data = b""
        for chunk in self._incoming:
            data += chunk
            if len(data) > MAX_QUERY_BYTES:
                raise Refused(413, f"a query or update over {MAX_QUERY_BYTES} bytes is refused")
        return data

    def _chunked(self) -> bool:
        return "chunked" in self.headers.get("Transfer-Encoding", "").lower()

    def _length(self) -> int:
        try:
            return int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Refused(400, "the Content-Length is not a number") from None

    def _drain(self) -> None:
        """Read what the client still sends before refusing it: unread data resets the answer."""
        taken = 0
        try:
            for chunk in self._incoming:
                taken += len(chunk)
                if taken > MAX_QUERY_BYTES:
                    return
        except (OSError, ValueError):
            return

    def _stream(self, length: int) -> Iterator[bytes]:
        left = length
        while left > 0:
            chunk = self.rfile.read(min(_CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk

    def _chunks(self) -> Iterator[bytes]:
        """The body of a `Transfer-Encoding: chunked` request, decoded (RFC 9112 section 7.1)."""
        while True:
            size_line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                raise Refused(400, "the chunked body is malformed") from None
            if size == 0:
                while self.rfile.readline(1024).strip():  # trailer fields, then the blank line
                    pass
                return
            yield from self._stream(size)
            self.rfile.readline(1024)  # the CRLF after each chunk

    def _sparql_texts(self, body: bytes) -> list[str]:
        """Every query or update the request carries: URL parameters, a form, or the body."""
        fields = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        texts = fields.get("query", []) + fields.get("update", [])
        if body:
            kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
                texts += form.get("query", []) + form.get("update", [])
            else:  # application/sparql-query, -update, or anything Oxigraph will refuse
                texts.append(body.decode("utf-8", "replace"))
        return texts

    def _relay(self, body: bytes | Iterator[bytes]) -> None:
        guard = self.server.guard
        backend = http.client.HTTPConnection(HOST, guard.backend.port, timeout=guard.timeout)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            headers["Host"] = f"{HOST}:{guard.backend.port}"
            backend.request(self.command, self.path, body=body, headers=headers)
            answer = backend.getresponse()
            self._answered = True
            self.send_response_only(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in _HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            while chunk := answer.read(_CHUNK):
                self.wfile.write(chunk)
        finally:
            backend.close()

    def _answer(self, status: int, reason: str, retry_after: int | None = None) -> None:
        data = (reason + "\n").encode("utf-8")
        self.send_response_only(status)
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
