"""Load a graph into a triplestore over the SPARQL 1.1 Graph Store HTTP Protocol.

A load never leaves the target worse than it found it. The file is parsed
locally first: a syntax error or an empty graph (unless allowed) is refused
before any request, and the count check uses the number of *distinct* triples
(a store holds a set). A replace goes through a staging graph: the file is
PUT into a fresh graph named STAGING_PREFIX + a random UUID, read back and
compared with the file triple by triple (kg.store.content: a store that
rewrites datatypes or numbers is named with the first differing triple), and
one SPARQL 1.1 Update request swaps it into the target; any failure drops the
staging graph and leaves the target as it was. One load at a time holds a
target, and staging graphs of killed loads are dropped by the next load
(kg.store.loadlock). Without an
update endpoint the replace is one direct PUT, which is not atomic, so it
needs `staging=False` (`--no-staging`). POST (append) adds to the target.
Every request goes through kg.store.http (credentials, timeout, retries).
"""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

import pyoxigraph as ox
from rich.progress import Progress, TaskID

from kg.errors import InputFileError, NkkgError, UsageError
from kg.graph.reader import check_file
from kg.rdf import formats
from kg.store import loadlock
from kg.store.content import (
    LARGE_FILE,
    Content,
    LoadCheckError,
    check_direct,
    file_content,
    first_difference,
    graph_content,
)
from kg.store.http import check_url, http_request, select
from kg.store.policy import LOAD_POLICY, RetryPolicy, for_triples


class Built(Protocol):
    """A validated graph to send, as kg.pipeline.Project gives it (the store sits below it)."""

    def serialize(self, fmt: str = "turtle") -> bytes:
        """The graph in a format of kg.rdf.formats; raises ValidationFailed if it must not ship."""
        ...


STAGING_PREFIX = "urn:nkkg:staging:"
"""Staging graphs are named this + a random UUID; a failed load drops its own."""


@dataclass(frozen=True)
class LoadResult:
    """What `load_graph` did: the triples sent and the triples found afterwards."""

    endpoint: str
    graph: str | None  # None: the default graph
    replace: bool
    sent: int
    found: int
    size: int
    seconds: float
    removed: tuple[str, ...] = ()  # staging graphs of killed loads, dropped first

    @property
    def graph_name(self) -> str:
        return "the default graph" if self.graph is None else f"graph <{self.graph}>"

    def summary(self) -> str:
        mode = "replace" if self.replace else "append"
        line = (
            f"sent {self.sent} triples, found {self.found} in {self.graph_name} "
            f"at {self.endpoint} ({mode}, {self.seconds:.2f} s)"
        )
        if self.removed:
            line += f"; dropped {len(self.removed)} staging graph(s) of killed loads"
        return line


def check_graph_iri(iri: str) -> str:
    """A target graph must be an absolute IRI (pyoxigraph checks the syntax)."""
    try:
        ox.NamedNode(iri)
    except ValueError as err:
        raise UsageError(
            f"invalid graph IRI '{iri}': expected an absolute IRI such as "
            f"https://example.org/graph/nkkg ({err})"
        ) from None
    return iri


def query_endpoint_for(store_url: str) -> str:
    """The SPARQL query URL beside a Graph Store URL: Oxigraph's /store -> /query.

    Other stores lay their endpoints out differently; their users pass the
    query URL explicitly (README, "Endpoint URLs").
    """
    parts = urllib.parse.urlsplit(store_url)
    if parts.path.rstrip("/").endswith("/store"):
        path = parts.path.rstrip("/")[: -len("store")] + "query"
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    raise UsageError(
        f"cannot tell the SPARQL query endpoint for {store_url}: give it with --query-endpoint URL"
    )


def update_endpoint_for(store_url: str) -> str | None:
    """The SPARQL update URL beside a Graph Store URL: Oxigraph's /store -> /update, else None."""
    parts = urllib.parse.urlsplit(store_url)
    if parts.path.rstrip("/").endswith("/store"):
        path = parts.path.rstrip("/")[: -len("store")] + "update"
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return None


def target_url(store_url: str, graph_iri: str | None) -> str:
    """The Graph Store URL with ?graph=IRI or ?default (indirect graph identification)."""
    parts = urllib.parse.urlsplit(store_url)
    param = "default" if graph_iri is None else urllib.parse.urlencode({"graph": graph_iri})
    query = f"{parts.query}&{param}" if parts.query else param
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def rdf_format(path: Path) -> ox.RdfFormat:
    """The file's RDF format from its extension; one-graph formats only."""
    _, fmt = check_file(path)
    if fmt.datasets:
        known = ", ".join(e for f in formats.graph_formats() for e in f.extensions)
        raise InputFileError(
            f"{path}: cannot load this file type (known: {known}): TriG and N-Quads hold "
            "several graphs, and the Graph Store Protocol loads one"
        )
    return fmt.oxigraph


def count_file_triples(path: Path, fmt: ox.RdfFormat, progress: Progress | None = None) -> int:
    """Distinct triples in an RDF file, parsed by pyoxigraph: a syntax error is an InputFileError.

    Distinct, because a store holds a set: a statement written twice arrives once.
    """
    return sum(file_content(path, fmt, progress).values())


def count_graph_triples(
    query_url: str,
    graph_iri: str | None,
    policy: RetryPolicy = LOAD_POLICY,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """The number of triples in the target graph, by a SPARQL COUNT."""
    pattern = "?s ?p ?o" if graph_iri is None else f"GRAPH {ox.NamedNode(graph_iri)} {{ ?s ?p ?o }}"
    result = select(query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", policy, sleep)
    try:
        return int(result.rows[0][0])  # type: ignore[arg-type]
    except (IndexError, TypeError, ValueError):
        raise NkkgError(f"{query_url}: the triple count came back as {result.rows!r}") from None


def _upload(
    url: str,
    path: Path,
    fmt: ox.RdfFormat,
    replace: bool,
    policy: RetryPolicy,
    sleep: Callable[[float], None],
    progress: Progress | None,
) -> None:
    size = path.stat().st_size
    task: TaskID | None = None
    if progress is not None and size >= LARGE_FILE:
        task = progress.add_task("uploading", total=size)
    with contextlib.ExitStack() as handles:

        def open_body() -> BinaryIO:  # once per attempt: a retry sends from the start
            handle = handles.enter_context(path.open("rb"))
            if progress is None or task is None:
                return handle
            progress.reset(task, total=size)
            return progress.wrap_file(handle, total=size, task_id=task)

        headers = {"Content-Type": fmt.media_type, "Content-Length": str(size)}
        http_request("PUT" if replace else "POST", url, open_body, headers, policy, sleep)


def graph_ref(graph_iri: str | None) -> str:
    """The SPARQL Update name of a target: DEFAULT or GRAPH <iri>."""
    return "DEFAULT" if graph_iri is None else f"GRAPH {ox.NamedNode(graph_iri)}"


def swap_update(staging: str, graph_iri: str | None) -> str:
    """One SPARQL 1.1 Update request that replaces the target by the staging graph."""
    source, target = graph_ref(staging), graph_ref(graph_iri)
    return f"DROP SILENT {target} ;\nADD SILENT {source} TO {target} ;\nDROP SILENT {source}"


def sparql_update(
    update_url: str,
    text: str,
    policy: RetryPolicy = LOAD_POLICY,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """POST one SPARQL 1.1 Update request (form-encoded, as every store accepts)."""
    body = urllib.parse.urlencode({"update": text}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    http_request("POST", update_url, body, headers, policy, sleep)


def _staged_replace(
    endpoint: str,
    update_url: str,
    query_url: str,
    graph_iri: str | None,
    upload: Callable[[str], None],
    content: Content,
    policy: RetryPolicy,
    sleep: Callable[[float], None],
    size: int,
) -> None:
    """Upload into a fresh staging graph, compare it, swap it in; drop it on any failure."""
    staging = f"{STAGING_PREFIX}{uuid.uuid4()}"
    target = "the default graph" if graph_iri is None else f"graph <{graph_iri}>"
    sent = sum(content.values())
    registration = loadlock.register(staging, update_url)
    try:
        upload(target_url(endpoint, staging))
        found = graph_content(query_url, staging, policy, sleep, size)
        staged = sum(found.values())
        if staged != sent:
            raise LoadCheckError(
                f"count check failed: sent {sent} triples to {endpoint}, but the staging graph "
                f"<{staging}> holds {staged}; {target} is unchanged"
            )
        differs = first_difference(content, found)
        if differs is not None:
            raise LoadCheckError(
                f"content check failed: the staging graph <{staging}> at {endpoint} holds "
                f"{staged} triples, but not the ones sent: {differs}; {target} is unchanged"
            )
        # one attempt: a lost answer to an applied swap must not be followed by a second swap
        sparql_update(
            update_url,
            swap_update(staging, graph_iri),
            dataclasses.replace(policy, attempts=1),
            sleep,
        )
    except BaseException as failure:
        once = dataclasses.replace(policy, attempts=1)
        try:
            sparql_update(update_url, f"DROP SILENT {graph_ref(staging)}", once, sleep)
        except Exception as err:
            if isinstance(failure, NkkgError):  # say what is left behind, in the same line
                unchanged = "" if "unchanged" in str(failure) else f"; {target} is unchanged"
                raise type(failure)(
                    f"{failure}; the staging graph <{staging}> may be left behind "
                    f"({err}){unchanged}"
                ) from None
        else:
            registration.unlink(missing_ok=True)
        raise
    registration.unlink(missing_ok=True)


def load_graph(
    endpoint: str,
    source: str | Path | Built,
    *,
    graph_iri: str | None = None,
    replace: bool = True,
    query_endpoint: str | None = None,
    policy: RetryPolicy = LOAD_POLICY,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
    update_endpoint: str | None = None,
    staging: bool = True,
    allow_empty: bool = False,
) -> LoadResult:
    """Send `source` to a Graph Store endpoint and check the count.

    `source` is a file, or a Project whose validated graph is sent
    (Project() for the packaged data); a Project whose graph fails validation raises
    ValidationFailed before any request is made. A file is parsed first: a
    syntax error, or no triples without `allow_empty`, is refused unsent.

    `graph_iri` None targets the default graph. `replace` makes the graph hold
    exactly the file's triples, through a staging graph and `update_endpoint`
    (default: Oxigraph's /update beside /store), or with one direct PUT when
    `staging` is False; otherwise POST adds to what is there. Raises NkkgError
    with one line for bad input, RemoteError for a failed request,
    LoadCheckError when a count does not fit. Each request may take
    `policy.timeout` per started 250,000 triples of the graph (for_triples).
    """
    started = time.monotonic()
    check_url(endpoint)
    if graph_iri is not None:
        check_graph_iri(graph_iri)
    query_url = check_url(query_endpoint or query_endpoint_for(endpoint))
    update_url = None
    if replace and staging:
        update_url = update_endpoint or update_endpoint_for(endpoint)
        if update_url is None:
            raise UsageError(
                f"cannot tell the SPARQL update endpoint for {endpoint}, needed to replace the "
                "graph atomically: give it with --update-endpoint URL, or pass --no-staging to "
                "replace it with one PUT, which is not atomic (a failed upload can leave the "
                "graph empty or partly loaded)"
            )
        check_url(update_url)
    name = "the default graph" if graph_iri is None else f"graph <{graph_iri}>"
    with (
        tempfile.TemporaryDirectory(prefix="nkkg-load-") as tmp,
        loadlock.terminated_as_exit(),
    ):
        if not isinstance(source, str | Path):
            path, fmt = _built_graph(Path(tmp), source)
        else:
            path = Path(source)
            fmt = rdf_format(path)
        content = file_content(path, fmt, progress)
        sent = sum(content.values())
        if sent == 0 and not allow_empty:
            raise InputFileError(
                f"{path}: the file holds no triples; nothing sent (--allow-empty loads it anyway)"
            )
        size = path.stat().st_size
        policy = for_triples(policy, sent)  # the graph's size sets the deadline of each request

        def upload(url: str) -> None:
            _upload(url, path, fmt, replace, policy, sleep, progress)

        with loadlock.target_lock(endpoint, graph_iri, name):
            removed: list[str] = []
            if update_url is not None:
                once = dataclasses.replace(policy, attempts=1)
                removed = loadlock.remove_stale(
                    update_url,
                    lambda g: sparql_update(update_url, f"DROP SILENT {graph_ref(g)}", once, sleep),
                )
            before = 0 if replace else count_graph_triples(query_url, graph_iri, policy, sleep)
            if update_url is not None:
                _staged_replace(
                    endpoint, update_url, query_url, graph_iri, upload, content, policy, sleep, size
                )
                found = count_graph_triples(query_url, graph_iri, policy, sleep)
            else:
                upload(target_url(endpoint, graph_iri))
                held = graph_content(query_url, graph_iri, policy, sleep, size)
                found = sum(held.values())
                check_direct(endpoint, name, replace, content, held)
    result = LoadResult(
        endpoint, graph_iri, replace, sent, found, size, time.monotonic() - started, tuple(removed)
    )
    if replace and found != sent:
        raise LoadCheckError(
            f"count check failed: sent {sent} triples to {endpoint}, "
            f"but {result.graph_name} holds {found}"
        )
    if not replace and not max(before, sent) <= found <= before + sent:
        raise LoadCheckError(
            f"count check failed: appended {sent} triples to {result.graph_name} at {endpoint} "
            f"holding {before}, but it now holds {found}"
        )
    return result


def _built_graph(folder: Path, project: Built) -> tuple[Path, ox.RdfFormat]:
    """The project's validated graph as a Turtle file in `folder`."""
    path = folder / "nkkg.ttl"
    path.write_bytes(project.serialize("turtle"))
    return path, ox.RdfFormat.TURTLE
