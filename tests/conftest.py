"""Shared fixtures: the packaged dataset, the built graph, and ways to run `nkkg`.

`run_nkkg` runs the command in-process through typer's CliRunner (fast);
`run_nkkg_process` starts the real command in a subprocess, for the few tests
that need a process of their own (hash seeds, signals, the installed wheel).
Both return an object with `returncode`, `stdout` and `stderr`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import HTTPServer
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg import load_dataset
from kg.cli import app
from kg.input.model import Dataset
from kg.resources import data_dir
from kg.store.oxigraph import OxigraphServer
from tests.support.graphs import graph_of


@dataclass(frozen=True)
class Completed:
    """What a run of `nkkg` printed and how it exited."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


RunNkkg = Callable[..., Completed]


WIKIDATA_FIXTURE = Path(__file__).parent / "fixtures" / "wikidata.ttl"
"""A few items in Wikidata's RDF model: the real QIDs the data links to, and fictitious ones."""


def load_turtle(server: OxigraphServer, turtle: bytes) -> None:
    """Add Turtle to the default graph of a test's Oxigraph server."""
    request = urllib.request.Request(
        f"{server.store_url}?default",
        data=turtle,
        method="POST",
        headers={"Content-Type": "text/turtle"},
    )
    with urllib.request.urlopen(request, timeout=30):
        pass


@pytest.fixture(scope="module")
def wikidata() -> Iterator[str]:
    """The query URL of an Oxigraph server loaded with the Wikidata fixture."""
    with OxigraphServer() as server:
        load_turtle(server, WIKIDATA_FIXTURE.read_bytes())
        yield server.query_url


@contextmanager
def serving(server: HTTPServer) -> Iterator[HTTPServer]:
    """Run a test's HTTP server in a thread for the block, then shut it down and close it.

    serve_forever polls for shutdown every 0.5 s by default: every test server
    would cost half a second to stop. Polling every 10 ms stops it at once.
    """
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def silent_server() -> Iterator[tuple[str, list[socket.socket]]]:
    """A server on 127.0.0.1 that accepts connections and never answers: the one that hangs.

    Yields its base URL (http://127.0.0.1:PORT) and the connections it accepted.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", accepted
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def graph(dataset: Dataset) -> Graph:
    """The graph `nkkg build` writes (data and ontology). Do not modify: copy it."""
    return graph_of(dataset)


@pytest.fixture(scope="session")
def release(graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release of the packaged graph (`nkkg publish`), made once per session. Do not modify."""
    from kg.publish import publish

    return publish(tmp_path_factory.mktemp("release") / "release", graph).path


@pytest.fixture(scope="session")
def data_graph(dataset: Dataset) -> Graph:
    """The data triples alone, without the merged ontology."""
    return graph_of(dataset, include_ontology=False)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged input data folder."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def run_in_process(
    *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None, **_: object
) -> Completed:
    """Run `nkkg ARGS` in this process; an exception that escapes the CLI fails the test."""
    before = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), env=env)
    finally:
        os.chdir(before)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Completed(tuple(args), result.exit_code, result.stdout, result.stderr)


def run_process(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> Completed:
    """Run the real `nkkg` command (python -m kg) in a subprocess."""
    done = subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )
    return Completed(tuple(args), done.returncode, done.stdout, done.stderr)


@pytest.fixture
def run_nkkg() -> RunNkkg:
    """Run `nkkg` in-process (typer's CliRunner)."""
    return run_in_process


@pytest.fixture
def run_nkkg_process() -> RunNkkg:
    """Run `nkkg` in a subprocess: for the tests that need a real process."""
    return run_process


@dataclass(frozen=True)
class Counts:
    """What `nkkg build` reports for the packaged data, derived from the data itself."""

    entities: int
    periods: int
    triples: int

    def summary(self, path: object) -> str:
        return (
            f"built {self.entities} entities, {self.periods} status periods, "
            f"{self.triples} triples -> {path}"
        )


@pytest.fixture(scope="session")
def counts(dataset: Dataset, graph: Graph) -> Counts:
    periods = sum(len(r.periods) for r in dataset.records)
    return Counts(len(dataset.records), periods, len(graph))
