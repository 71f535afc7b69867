"""`nkkg serve`: the built graph in a local Oxigraph SPARQL server until stopped.

The server (kg.store.oxigraph.OxigraphServer) listens on 127.0.0.1 only; the
graph is validated before the server starts, and goes in through the same
Graph Store upload as `nkkg load`, so serving also checks the count. SIGTERM
is turned into an exception like Ctrl-C, so both leave through the server's
context manager and the oxigraph child never outlives us.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from kg.errors import NkkgError
from kg.resources import resource_dir
from kg.store.graphstore import LoadResult, load_graph
from kg.store.oxigraph import OxigraphServer

if TYPE_CHECKING:
    from kg.pipeline import Project

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


def serve(
    port: int | None = DEFAULT_PORT,
    location: str | Path | None = None,
    project: Project | None = None,
    on_ready: Callable[[OxigraphServer, LoadResult], None] | None = None,
) -> str:
    """Start Oxigraph, load the validated graph into its default graph, block until stopped.

    Returns how it stopped ("Ctrl-C" or "SIGTERM"); raises NkkgError if the
    server cannot start or exits by itself. With `location` the store stays
    on disk between runs (the default graph is replaced by the graph on each
    start; other graphs are kept); without it, it lives in a temporary folder.
    """
    if project is None:
        from kg.pipeline import default_project

        project = default_project()
    project.check()  # refuse before starting anything
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    server = OxigraphServer(location=location, port=port)
    try:
        server.start()
        result = load_graph(server.store_url, project)
        if on_ready is not None:
            on_ready(server, result)
        assert server.process is not None
        code = server.process.wait()
        if code in _STOPPED_BY_SIGNAL:  # the terminal's Ctrl-C reached the child first
            return "Ctrl-C"
        raise NkkgError(f"the Oxigraph server on port {server.port} exited (status {code})")
    except KeyboardInterrupt:
        return "Ctrl-C"
    except _Terminated:
        return "SIGTERM"
    finally:
        # a second Ctrl-C or SIGTERM must not cut the shutdown short and orphan the child
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            server.stop()
        finally:
            signal.signal(signal.SIGINT, interrupt)
            signal.signal(signal.SIGTERM, previous)
