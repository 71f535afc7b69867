"""`nkkg serve` as a user runs it: a subprocess that answers SPARQL over HTTP until stopped.

Each test starts `python -m kg serve` in its own process group on a free
loopback port; the fixture kills the whole group if a test fails, so neither
nkkg nor its oxigraph child outlives the test.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from kg.errors import NkkgError
from kg.pipeline import default_project
from kg.store.graphstore import count_graph_triples, load_graph
from kg.store.http import RetryPolicy
from kg.store.oxigraph import HOST, OxigraphServer, free_port, stderr_reason

TRIPLES = len(default_project().graph)  # what nkkg build writes for the packaged data

FAST = RetryPolicy(attempts=3, backoff=0.05, timeout=10.0)
STARTUP = 60.0  # seconds for the subprocess to build, start and load


# `python -m kg` as a shell runs a job in the foreground, where Ctrl-C has its default action.
# A job a non-interactive shell puts in the background (`pytest &`) starts with SIGINT
# ignored, and its children inherit that: Python would then never raise KeyboardInterrupt.
FOREGROUND = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('kg', run_name='__main__', alter_sys=True)"
)


class Serve:
    """A running `nkkg serve`, its stdout lines read by a thread."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-c", FOREGROUND, "serve", "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, like a shell job
            env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # SIGABRT dumps every thread's stack
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stdout: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_ready(self) -> list[str]:
        while True:
            try:
                line = self.lines.get(timeout=STARTUP)
            except queue.Empty:
                pytest.fail("nkkg serve printed nothing in time")
            if line is None:
                pytest.fail(f"nkkg serve exited: {self.process.wait()} {self.stderr()}")
            self.stdout.append(line)
            if line.startswith("serving until"):
                return self.stdout

    def stderr(self) -> str:
        assert self.process.stderr is not None
        return self.process.stderr.read()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def children(self) -> list[int]:
        """Pids whose parent is the serve process (Linux /proc)."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                if ppid == self.process.pid:
                    found.append(int(entry.name))
        return found

    def exit_code(self, timeout: float = 30) -> int:
        """Its exit status; if it hangs, fail with the stack of each of its threads."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGABRT)
            self.process.wait()
            pytest.fail(f"nkkg serve did not exit within {timeout} s:\n{self.stderr()}")

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def serve() -> Iterator[type[Serve]]:
    started: list[Serve] = []

    class Tracked(Serve):
        def __init__(self, *args: str) -> None:
            super().__init__(*args)
            started.append(self)

    yield Tracked
    for server in started:
        server.kill()


def ask(query_url: str, query: str) -> dict:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        query_url, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie still has a pid until reaped; it is gone for our purpose
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc for the child")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_answers_and_stops_cleanly(
    serve: type[Serve], stop: signal.Signals, graph: Graph
) -> None:
    running = serve()
    lines = running.wait_ready()
    query_url = f"{running.url}/query"
    assert lines[0].startswith(
        f"sent {TRIPLES} triples, found {TRIPLES} in the default graph at {running.url}/store "
        "(replace, "
    )
    assert lines[1:3] == [
        f"SPARQL query endpoint: {query_url}\n",
        f"Graph Store endpoint:  {running.url}/store\n",
    ]
    assert lines[3] == (
        "read-only: /update and writes to /store are refused (--writable allows them)\n"
    )
    assert lines[4] == "SERVICE refused (--allow-service allows it); so are cross-origin writes\n"
    assert re.fullmatch(rf"try: nkkg query [\w-]+ --endpoint {query_url}\n", lines[5])
    assert lines[6:] == ["serving until Ctrl-C or SIGTERM\n"]
    answer = ask(
        query_url,
        "PREFIX nkkg: <https://w3id.org/nkkg/ontology#> "
        "SELECT ?pop WHERE { <https://w3id.org/nkkg/id/pyongyang> nkkg:population ?pop }",
    )
    assert [b["pop"]["value"] for b in answer["results"]["bindings"]] == ["3255288"]
    children = running.children()
    assert len(children) == 1  # the oxigraph server (the guard in front is a thread of nkkg)
    if stop == signal.SIGINT:
        os.killpg(running.process.pid, signal.SIGINT)  # Ctrl-C reaches the whole job
    else:
        running.process.send_signal(signal.SIGTERM)  # to nkkg alone
    assert running.exit_code() == 0
    how = "SIGTERM" if stop == signal.SIGTERM else "Ctrl-C"
    assert running.stderr() == f"nkkg: stopped the Oxigraph server ({how})\n"
    assert gone(children[0])
    with pytest.raises(OSError):
        ask(query_url, "ASK {}")


@pytest.mark.slow
def test_location_persists_between_runs(serve: type[Serve], tmp_path: Path) -> None:
    location = tmp_path / "store"
    extra = tmp_path / "extra.nt"
    extra.write_text("<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n")
    kept = "https://example.org/graph/kept"

    first = serve("--location", str(location), "--writable")
    lines = first.wait_ready()
    assert f"store kept in {location}\n" in lines
    load_graph(f"{first.url}/store", extra, graph_iri=kept, policy=FAST)
    first.process.send_signal(signal.SIGTERM)
    assert first.exit_code() == 0

    second = serve("--location", str(location))
    second.wait_ready()
    query_url = f"{second.url}/query"
    assert count_graph_triples(query_url, kept, FAST) == 1  # kept from the first run
    assert count_graph_triples(query_url, None, FAST) == TRIPLES  # replaced, not doubled
    second.process.send_signal(signal.SIGTERM)
    assert second.exit_code() == 0


def test_a_busy_port_is_one_line(run_nkkg) -> None:
    with socket.create_server((HOST, 0)) as busy:  # another program listening on the port
        port = busy.getsockname()[1]
        result = run_nkkg("serve", "--port", str(port))
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        f"nkkg: error: port {port} on 127.0.0.1 is in use\n",
    )


@pytest.mark.slow
def test_bad_data_is_one_line_and_leaves_no_server(tmp_path: Path) -> None:
    port = free_port()
    result = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--port", str(port), "--data", str(tmp_path / "no")],
        capture_output=True,
        text=True,
        timeout=STARTUP,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"nkkg: error: {tmp_path / 'no'}: no such data folder\n",
    )
    with pytest.raises(OSError):
        ask(f"http://{HOST}:{port}/query", "ASK {}")


def test_serve_refuses_invalid_data_before_starting_a_server(
    run_nkkg, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.serve import server as serving

    cities = data_copy / "cities.yaml"
    old = "{kind: DirectlyGovernedCity, start: 1980, end: 2004, source: wp-nampo}"
    cities.write_text(
        cities.read_text(encoding="utf-8").replace(old, old.replace("2004", "2006")),
        encoding="utf-8",
    )
    started: list[int] = []

    def start(server: serving.OxigraphServer) -> None:
        started.append(server.port)
        raise serving.NkkgError("a server would start here")

    monkeypatch.setattr(serving.OxigraphServer, "start", start)
    build = run_nkkg("build", "--data", str(data_copy), "--out", str(data_copy / "g.ttl"))
    refused = run_nkkg("serve", "--data", str(data_copy), "--port", str(free_port()))
    assert (refused.returncode, refused.stdout, refused.stderr) == (1, "", build.stderr)
    assert build.stderr.startswith("nkkg: error: the graph has 1 SHACL violation, not written: ")
    assert started == []
    # a free port, not the default 7878: the test must pass while anything holds that one
    port = str(free_port())
    unchecked = run_nkkg("serve", "--data", str(data_copy), "--no-validate", "--port", port)
    assert unchecked.stderr == "nkkg: error: a server would start here\n"
    assert len(started) == 1


def write(url: str, method: str, body: bytes, content_type: str) -> int:
    request = urllib.request.Request(url, body, {"Content-Type": content_type}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.slow
@pytest.mark.parametrize("writable", [False, True])
def test_serve_refuses_writes_unless_writable(serve: type[Serve], writable: bool) -> None:
    running = serve(*(["--writable"] if writable else []))
    lines = running.wait_ready()
    query_url = f"{running.url}/query"
    drop = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    dropped = write(f"{running.url}/update", "POST", drop, "application/x-www-form-urlencoded")
    after_drop = count_graph_triples(query_url, None, FAST)
    one = b"<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"
    put = write(f"{running.url}/store?default", "PUT", one, "application/n-triples")
    after_put = count_graph_triples(query_url, None, FAST)
    if writable:
        assert lines[3] == (
            f"writable: anyone who reaches port {running.port} can change or drop the graph "
            "through /update and /store\n"
        )
        assert (dropped, after_drop, put, after_put) == (204, 0, 204, 1)
    else:
        assert (dropped, after_drop, put, after_put) == (403, TRIPLES, 403, TRIPLES)


def test_a_file_as_location_is_one_line(run_nkkg, tmp_path: Path) -> None:
    path = tmp_path / "store"
    path.write_text("not a store")
    result = run_nkkg("serve", "--port", str(free_port()), "--location", str(path))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"nkkg: error: {path}: the store location must be a folder, and this is not one\n"
    )
    assert path.read_text() == "not a store"


def test_a_server_that_fails_to_start_shows_its_reason(tmp_path: Path) -> None:
    server = OxigraphServer(location=tmp_path, read_only=True)  # no store there yet
    with pytest.raises(NkkgError) as caught:
        server.start()
    assert str(caught.value) == (
        f"the Oxigraph server on port {server.port} exited: IO error: No such file or "
        f"directory: While opening a file for sequentially reading: {tmp_path}/CURRENT: "
        "No such file or directory"
    )


def test_oxigraph_reasons_leave_the_backtrace_out() -> None:
    stderr = (
        "Error: IO error: `/tmp/x' exists but is not a directory\n\nStack backtrace:\n"
        "   0: <anyhow::Error>::from\n   6: _start\n"
    )
    assert stderr_reason(stderr) == "IO error: `/tmp/x' exists but is not a directory"
    assert stderr_reason(b"") == "no message"
