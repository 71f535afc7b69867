"""`nkkg serve`: the built graph in a local Oxigraph SPARQL server until stopped.

The server (kg.store.oxigraph.OxigraphServer) listens on a private port of
127.0.0.1; the user's port is kg.serve.guard.Guard, a proxy that refuses
SERVICE and cross-origin browser writes and forwards the rest. The graph is
validated before the server starts. By default it publishes: the
graph is loaded into the store folder first (`oxigraph load`), then
`oxigraph serve-read-only` answers queries and refuses every write, so nobody
who reaches the port can change or drop the graph. `writable` runs the
read-write server instead and loads through the same Graph Store upload as
`nkkg load`. Either way the count is checked through the server. SIGTERM
is turned into an exception like Ctrl-C, so both leave through the server's
context manager and the oxigraph child never outlives us.
"""

from __future__ import annotations

import dataclasses
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from kg.errors import NkkgError
from kg.resources import resource_dir
from kg.store.graphstore import LoadCheckError, LoadResult, count_graph_triples, load_graph
from kg.store.oxigraph import HOST, OxigraphServer, check_location, load_location, port_in_use
from kg.store.policy import LOAD_POLICY

if TYPE_CHECKING:
    from kg.pipeline import Project
    from kg.serve.guard import Guard

DEFAULT_PORT = 7878  # Oxigraph's own default

# exit statuses of an oxigraph child that went down with our Ctrl-C or SIGTERM
_STOPPED_BY_SIGNAL = {-signal.SIGINT, -signal.SIGTERM, 128 + signal.SIGINT, 128 + signal.SIGTERM}


class _Terminated(Exception):
    """Raised by the SIGTERM handler to unwind like KeyboardInterrupt."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def sample_query_command(query_url: str) -> str:
    """A `nkkg query --endpoint` command line for the first bundled query."""
    try:
        names = sorted(p.stem for p in resource_dir("queries").glob("*.rq"))
    except FileNotFoundError:
        names = []
    name = names[0] if names else "NAME"
    return f"nkkg query {name} --endpoint {query_url}"


def _load_read_only(
    server: OxigraphServer, guard: Guard, project: Project, timeout: float
) -> LoadResult:
    """Fill the store folder with `oxigraph load`, start serve-read-only, check the count."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nkkg-serve-") as tmp:
        path = Path(tmp) / "nkkg.nt"
        path.write_bytes(project.serialize("nt"))
        load_location(server.location, path, "nt", timeout)
        size = path.stat().st_size
    server.start()
    guard.start()
    sent = len(project.graph)
    found = count_graph_triples(
        guard.query_url, None, dataclasses.replace(LOAD_POLICY, timeout=timeout)
    )
    result = LoadResult(guard.store_url, None, True, sent, found, size, time.monotonic() - started)
    if found != sent:
        raise LoadCheckError(f"count check failed: loaded {sent} triples, the server holds {found}")
    return result


def serve(
    project: Project,
    *,
    port: int | None = DEFAULT_PORT,
    location: str | Path | None = None,
    on_ready: Callable[[Guard, LoadResult], None] | None = None,
    writable: bool = False,
    timeout: float = LOAD_POLICY.timeout,
    allow_service: bool = False,
) -> str:
    """Start Oxigraph, load the validated graph into its default graph, block until stopped.

    Read-only unless `writable`; SERVICE refused unless `allow_service`.
    `timeout` bounds the load and its count check, and is the server's own
    limit on each query. Returns how it
    stopped ("Ctrl-C" or "SIGTERM"); raises NkkgError if the server cannot
    start or exits by itself. With `location` the store stays on disk between
    runs (the default graph is replaced by the graph on each start; other
    graphs are kept); without it, it lives in a temporary folder.
    """
    project.check()  # refuse before starting anything
    if location is not None:
        check_location(location)
    if port is not None and port_in_use(port):
        raise NkkgError(f"port {port} on {HOST} is in use")
    from kg.serve.guard import Guard  # here: `nkkg --help` need not import an HTTP server

    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    server = OxigraphServer(location, None, read_only=not writable, query_timeout=timeout)
    guard = Guard(
        server,
        port,
        allow_service=allow_service,
        timeout=timeout,
        thread_lifetime=server.timeout_seconds,
    )
    try:
        if writable:
            server.start()
            guard.start()
            policy = dataclasses.replace(LOAD_POLICY, timeout=timeout)
            result = load_graph(guard.store_url, project, policy=policy)
        else:
            result = _load_read_only(server, guard, project, timeout)
        if on_ready is not None:
            on_ready(guard, result)
        assert server.process is not None
        code = server.process.wait()
        if code in _STOPPED_BY_SIGNAL:  # the terminal's Ctrl-C reached the child first
            return "Ctrl-C"
        raise NkkgError(f"the Oxigraph server behind port {guard.port} exited (status {code})")
    except KeyboardInterrupt:
        return "Ctrl-C"
    except _Terminated:
        return "SIGTERM"
    finally:
        # a second Ctrl-C or SIGTERM must not cut the shutdown short and orphan the child
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            guard.stop()
            server.stop()
        finally:
            signal.signal(signal.SIGINT, interrupt)
            signal.signal(signal.SIGTERM, previous)
